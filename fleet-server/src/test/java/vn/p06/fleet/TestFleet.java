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
import vn.p06.protocol.tls.TlsContexts;

/** A real fleet server on loopback (embedded broker, H2 file in a temp dir) for tests. */
final class TestFleet implements AutoCloseable {
    static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    final FleetServer server;
    final int mqttPort;
    private final HttpClient http;
    private final String scheme;

    private TestFleet(FleetServer server, int mqttPort, HttpClient http, String scheme) {
        this.server = server;
        this.mqttPort = mqttPort;
        this.http = http;
        this.scheme = scheme;
    }

    static TestFleet start(Path dataDir) throws Exception {
        return start(dataDir, freePort());
    }

    static TestFleet start(Path dataDir, int mqttPort) throws Exception {
        FleetConfig config = new FleetConfig(dataDir, "127.0.0.1", 0, mqttPort, Optional.empty(), EmbeddedBroker.Persistence.FILE, ADMIN_TOKEN,
                "tcp://127.0.0.1:" + mqttPort, "http://127.0.0.1:0", "test");
        return new TestFleet(FleetServer.start(config, Clock.systemUTC()), mqttPort, HttpClient.newHttpClient(), "http");
    }

    /**
     * With TLS: the broker's TLS listener on {@code mqttsPort}, HTTPS on the HTTP port, a server
     * certificate for 127.0.0.1 and localhost; this client trusts the fleet CA only.
     */
    static TestFleet startTls(Path dataDir, int mqttsPort) throws Exception {
        return startTls(dataDir, mqttsPort, java.util.List.of("127.0.0.1", "localhost"));
    }

    /** @param serverHosts the names in the server certificate */
    static TestFleet startTls(Path dataDir, int mqttsPort, java.util.List<String> serverHosts) throws Exception {
        int mqttPort = freePort();
        FleetConfig config = new FleetConfig(dataDir, "127.0.0.1", 0, mqttPort, Optional.empty(),
                EmbeddedBroker.Persistence.IN_MEMORY, ADMIN_TOKEN, "ssl://127.0.0.1:" + mqttsPort,
                "https://127.0.0.1:0", "test",
                Optional.of(new FleetConfig.TlsConfig(mqttsPort, true, serverHosts)));
        FleetServer server = FleetServer.start(config, Clock.systemUTC());
        HttpClient https = HttpClient.newBuilder().sslContext(TlsContexts.trustOnly(caPem(dataDir))).build();
        return new TestFleet(server, mqttPort, https, "https");
    }

    static String caPem(Path dataDir) throws IOException {
        return java.nio.file.Files.readString(dataDir.resolve("pki").resolve("ca.crt"));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
        return URI.create(scheme + "://127.0.0.1:" + server.httpPort() + path);
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
