package vn.p06.fleet.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The HTTP server over real loopback sockets: how it stops, and which answers it gzips. */
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

    @Test
    void aJsonAnswerIsGzippedWhenTheClientAsksAndIdentityWhenItDoesNot() throws Exception {
        List<Map<String, Object>> kiosks = IntStream.range(0, 500)
                .mapToObj(i -> Map.<String, Object>of("id", "26734-%03d".formatted(i), "online", i % 3 == 0))
                .toList();
        HttpServer server = new HttpServer(new Router().get("/api/fleet", request -> Response.ok(kiosks)));
        try {
            URI fleet = URI.create("http://127.0.0.1:" + server.start("127.0.0.1", 0) + "/api/fleet");
            byte[] json = Response.ok(kiosks).body();

            HttpResponse<byte[]> gzipped = get(fleet, "Accept-Encoding", "gzip, deflate, br");
            assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
            assertThat(gzipped.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
            assertThat(gzipped.headers().allValues("Vary")).contains("Accept-Encoding");
            assertThat(gzipped.body().length).isLessThan(json.length / 4);
            try (GZIPInputStream unzip = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
                assertThat(unzip.readAllBytes()).isEqualTo(json);
            }

            HttpResponse<byte[]> plain = get(fleet);
            assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(plain.headers().firstValueAsLong("Content-Length")).hasValue(json.length);
            assertThat(plain.body()).isEqualTo(json);
        } finally {
            server.close();
        }
    }

    @Test
    void imagesAndSmallAnswersGoAsTheyAreEvenToAClientThatAcceptsGzip() throws Exception {
        byte[] png = new byte[8192]; // zeros: gzip would shrink them, were the type not already compressed
        HttpServer server = new HttpServer(new Router()
                .get("/screen.png", request -> new Response(HttpResponseStatus.OK, "image/png", png))
                .get("/hello", request -> Response.ok("hi")));
        try {
            String base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);

            HttpResponse<byte[]> image = get(URI.create(base + "/screen.png"), "Accept-Encoding", "gzip");
            assertThat(image.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(image.body()).isEqualTo(png);

            HttpResponse<byte[]> small = get(URI.create(base + "/hello"), "Accept-Encoding", "gzip");
            assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(small.body()).asString().isEqualTo("\"hi\"");
        } finally {
            server.close();
        }
    }

    private static HttpResponse<byte[]> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
