package vn.p06.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import vn.p06.fleet.broker.EmbeddedBroker;

/** A real fleet server on loopback (embedded broker, H2 file in a temp dir) for tests. */
final class TestFleet implements AutoCloseable {
    static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    final FleetServer server;
    final int mqttPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestFleet(FleetServer server, int mqttPort) {
        this.server = server;
        this.mqttPort = mqttPort;
    }

    static TestFleet start(Path dataDir) throws Exception {
        return start(dataDir, freePort());
    }

    static TestFleet start(Path dataDir, int mqttPort) throws Exception {
        return new TestFleet(FleetServer.start(config(dataDir, mqttPort), Clock.systemUTC()), mqttPort);
    }

    /** With the test's clock (periodic jobs are also ticked by hand) and audit log. */
    static TestFleet start(Path dataDir, Clock clock, vn.p06.fleet.audit.AuditLog audit) throws Exception {
        int mqttPort = freePort();
        return new TestFleet(FleetServer.start(config(dataDir, mqttPort), clock, audit), mqttPort);
    }

    private static FleetConfig config(Path dataDir, int mqttPort) {
        return new FleetConfig(dataDir, "127.0.0.1", 0, mqttPort, Optional.empty(), EmbeddedBroker.Persistence.FILE, ADMIN_TOKEN,
                "tcp://127.0.0.1:" + mqttPort, "http://127.0.0.1:0", "test");
    }

    String mqttUrl() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    HttpResponse<String> admin(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void enroll(String kioskId, String secret) throws IOException, InterruptedException {
        HttpResponse<String> response = admin("PUT", "/api/admin/kiosks/" + kioskId,
                "{\"commune\":\"" + kioskId.substring(0, 5) + "\",\"secret\":\"" + secret + "\"}");
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    }

    /** The value of one Prometheus sample line, e.g. {@code fleet_messages_rejected_total{reason="malformed"}}. */
    double metric(String sample) throws IOException, InterruptedException {
        return get("/metrics").body().lines()
                .filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1)))
                .findFirst().orElse(0);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + path);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
