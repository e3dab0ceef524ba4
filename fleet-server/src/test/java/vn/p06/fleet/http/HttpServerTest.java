package vn.p06.fleet.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The HTTP server over real loopback sockets: how it stops. */
class HttpServerTest {
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory())
            .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLogs() {
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void releaseLogs() {
        root.detachAppender(logged);
    }

    @Test
    void closingWithOpenConnectionsEndsThemAndLogsNoWarning() throws Exception {
        HttpServer server = new HttpServer(new Router().get("/hello", request -> Response.ok("hi")));
        int port = server.start("127.0.0.1", 0);
        // several clients, each keeping its connection open after the answer (HTTP/1.1 keep-alive),
        // so the connections are spread over the worker loops and the router's executors
        List<HttpClient> clients = new ArrayList<>();
        HttpRequest hello = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                .version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 12; i++) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThat(client.send(hello, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("\"hi\"");
            clients.add(client);
        }

        server.close();

        assertThatThrownBy(() -> clients.get(0).send(hello, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(logged.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }
}
