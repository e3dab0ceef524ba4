package vn.p06.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import vn.p06.fleet.FleetConfig;
import vn.p06.fleet.FleetServer;
import vn.p06.fleet.broker.EmbeddedBroker;
import vn.p06.protocol.EnrollmentBundle;

/**
 * A fleet server in this JVM (embedded broker, H2 file) with one kiosk enrolled through the admin
 * API, for the tests that drive the real kiosk agent against it: the kiosk's bundle and the
 * admin's API calls.
 */
final class OneKioskFleet implements AutoCloseable {
    static final String KIOSK = "26734-001";
    private static final String TOKEN = "one-kiosk-fleet-admin-token-0123";
    private static final String SECRET = "one-kiosk-fleet-kiosk-secret-0123";

    private final HttpClient http = HttpClient.newHttpClient();
    private final FleetServer server;
    private final int mqttPort;

    private OneKioskFleet(FleetServer server, int mqttPort) {
        this.server = server;
        this.mqttPort = mqttPort;
    }

    static OneKioskFleet start(Path dir, String name) throws Exception {
        int mqttPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            mqttPort = socket.getLocalPort();
        }
        FleetServer server = FleetServer.start(new FleetConfig(dir.resolve("fleet"), "127.0.0.1", 0, mqttPort,
                Optional.empty(), EmbeddedBroker.Persistence.FILE, TOKEN, "tcp://127.0.0.1:" + mqttPort,
                "http://127.0.0.1:0", name), Clock.systemUTC());
        OneKioskFleet fleet = new OneKioskFleet(server, mqttPort);
        try {
            HttpResponse<String> enrolled = fleet.call("PUT", "/api/admin/kiosks/" + KIOSK,
                    "{\"commune\":\"26734\",\"secret\":\"" + SECRET + "\"}");
            if (enrolled.statusCode() != 200 && enrolled.statusCode() != 201) {
                throw new IllegalStateException("enrollment refused: " + enrolled.body());
            }
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return fleet;
    }

    /** The kiosk's enrollment bundle: password login on the embedded broker. */
    EnrollmentBundle bundle() {
        return new EnrollmentBundle(KIOSK, "26734", "tcp://127.0.0.1:" + mqttPort, KIOSK, SECRET,
                "http://127.0.0.1:" + server.httpPort());
    }

    FleetServer server() {
        return server;
    }

    int mqttPort() {
        return mqttPort;
    }

    /** The HTTP API as the admin (bearer token); {@code body} null for none. */
    HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
