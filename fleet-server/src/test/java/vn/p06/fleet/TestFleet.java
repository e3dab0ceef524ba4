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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import vn.p06.fleet.broker.EmbeddedBroker;
import vn.p06.protocol.tls.TlsContexts;

/** A real fleet server on loopback (embedded broker, H2 file in a temp dir, or PostgreSQL) for tests. */
public final class TestFleet implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final FleetServer server;
    public final int mqttPort;
    private final HttpClient http;
    private final String scheme;

    private TestFleet(FleetServer server, int mqttPort, HttpClient http, String scheme) {
        this.server = server;
        this.mqttPort = mqttPort;
        this.http = http;
        this.scheme = scheme;
    }

    public static TestFleet start(Path dataDir) throws Exception {
        return start(dataDir, freePort());
    }

    public static TestFleet start(Path dataDir, int mqttPort) throws Exception {
        return start(dataDir, mqttPort, Clock.systemUTC());
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

    /** With the test's clock (periodic jobs are also ticked by hand). */
    static TestFleet start(Path dataDir, Clock clock) throws Exception {
        return start(dataDir, freePort(), clock);
    }

    /** @param clock the server's clock, e.g. a MutableClock the test moves */
    public static TestFleet start(Path dataDir, int mqttPort, Clock clock) throws Exception {
        FleetConfig config = new FleetConfig(dataDir, "127.0.0.1", 0, mqttPort, Optional.empty(), EmbeddedBroker.Persistence.FILE, ADMIN_TOKEN,
                "tcp://127.0.0.1:" + mqttPort, "http://127.0.0.1:0", "test")
                .withPostgres(vn.p06.fleet.store.TestStores.postgresFor(dataDir));
        return new TestFleet(FleetServer.start(config, clock), mqttPort, HttpClient.newHttpClient(), "http");
    }

    public String mqttUrl() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        // The read API is guarded (FLEET_READ); public routes ignore the header.
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** As a caller with no credentials at all (a guarded route answers 401). */
    public HttpResponse<String> getAnonymously(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    public HttpResponse<String> admin(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A POST as the kiosk agent sends it: HTTP Basic with a kiosk's MQTT user name and secret. */
    public HttpResponse<String> postAsKiosk(String path, String user, String secret, String contentType, byte[] body)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Basic " + basic)
                        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public void enroll(String kioskId, String secret) throws IOException, InterruptedException {
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

    public String httpUrl() {
        return scheme + "://127.0.0.1:" + server.httpPort();
    }

    URI uri(String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.httpPort() + path);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
