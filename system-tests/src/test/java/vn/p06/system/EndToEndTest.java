package vn.p06.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.p06.fleet.FleetConfig;
import vn.p06.fleet.FleetServer;
import vn.p06.fleet.broker.EmbeddedBroker;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.provisioning.ProvisioningMain;

/**
 * The foundation's whole path on real parts: the provisioning CLI enrolls a kiosk over HTTP, the
 * kiosk agent runs as its own process on this machine with that bundle, its health sample travels
 * through the embedded broker and ingest into the H2 file and out of the API; killing the process
 * shows the kiosk offline.
 */
class EndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private FleetServer server;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anEnrolledKioskReportsItsRealHealthAndGoesOfflineWhenKilled() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("admin.token"), "e2e-admin-token-0123456789\n");
        int mqttPort = freePort();
        server = FleetServer.start(new FleetConfig(dir.resolve("fleet"), "127.0.0.1", 0, mqttPort, Optional.empty(),
                EmbeddedBroker.Persistence.FILE, "e2e-admin-token-0123456789", "tcp://127.0.0.1:" + mqttPort, "http://127.0.0.1:8080", "e2e"),
                Clock.systemUTC());
        String fleetUrl = "http://127.0.0.1:" + server.httpPort();

        int exit = new CommandLine(new ProvisioningMain()).execute("enroll", "--server", fleetUrl,
                "--admin-token-file", tokenFile.toString(), "--commune", "26734", "--count", "1",
                "--out", dir.resolve("bundles").toString());
        assertThat(exit).isZero();
        Path bundle = dir.resolve("bundles").resolve(EnrollmentBundle.fileName("26734-001"));
        assertThat(EnrollmentBundle.read(bundle).mqttUrl()).isEqualTo("tcp://127.0.0.1:" + mqttPort);
        // The bundle pins the key this server signs releases with.
        assertThat(EnrollmentBundle.read(bundle).contentPublicKey()).isEqualTo(server.content().publicKey());

        Process kiosk = startKiosk(bundle);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode listed = kiosk(fleetUrl, "26734-001");
            assertThat(listed.get("online").asBoolean()).isTrue();
            assertThat(listed.path("lastHealth").path("memoryTotalBytes").asLong()).isPositive();
        });
        assertThat(server.telemetry().count("health", "26734-001")).isPositive();
        JsonNode history = get(fleetUrl + "/api/kiosks/26734-001/health");
        assertThat(history.get(0).get("body").get("diskTotalBytes").asLong()).isPositive();

        kiosk.destroyForcibly().waitFor();

        await().atMost(WAIT).until(() -> !kiosk(fleetUrl, "26734-001").get("online").asBoolean());
    }

    private Process startKiosk(Path bundle) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "vn.p06.kiosk.KioskMain", "--bundle", bundle.toString(), "--health-interval", "1s",
                "--keepalive", "5s", "--data-dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("kiosk.log").toFile())
                .start();
        processes.add(process);
        return process;
    }

    private JsonNode kiosk(String fleetUrl, String id) throws Exception {
        return get(fleetUrl + "/api/kiosks/" + id);
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer e2e-admin-token-0123456789").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
