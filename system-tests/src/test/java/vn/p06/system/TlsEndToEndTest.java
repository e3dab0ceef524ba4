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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
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
import vn.p06.protocol.tls.Pem;
import vn.p06.protocol.tls.TlsContexts;
import vn.p06.provisioning.ProvisioningMain;

/**
 * Credentials end to end on real parts: a fleet server with TLS (its own CA, HTTPS, the broker's
 * TLS listener), the provisioning CLI enrolling over HTTPS with the CA as its only trust anchor, a
 * bundle carrying the kiosk's key, certificate and the CA, and the kiosk agent as its own process
 * logging in with that certificate over ssl://.
 */
class TlsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "tls-e2e-admin-token-0123456789";

    @TempDir
    Path dir;
    private FleetServer server;
    private Process kiosk;

    @AfterEach
    void stop() {
        if (kiosk != null) {
            kiosk.destroyForcibly();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void provisioningOverHttpsWritesACertificateBundleAndTheKioskLogsInWithIt() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("admin.token"), TOKEN + "\n");
        int mqttPort = freePort();
        int mqttsPort = freePort();
        server = FleetServer.start(new FleetConfig(dir.resolve("fleet"), "127.0.0.1", 0, mqttPort, Optional.empty(),
                EmbeddedBroker.Persistence.IN_MEMORY, TOKEN, "ssl://localhost:" + mqttsPort,
                "https://localhost:0", "tls-e2e",
                Optional.of(new FleetConfig.TlsConfig(mqttsPort, true, List.of("localhost", "127.0.0.1")))),
                Clock.systemUTC());
        String fleetUrl = "https://localhost:" + server.httpPort();
        Path caFile = dir.resolve("fleet").resolve("pki").resolve("ca.crt");
        Path out = dir.resolve("bundles");

        Path csv = Files.writeString(dir.resolve("communes.csv"), "commune,kiosks\n26734,1\n");
        String[] enroll = {"enroll", "--server", fleetUrl, "--ca-file", caFile.toString(),
                "--admin-token-file", tokenFile.toString(), "--csv", csv.toString(), "--out", out.toString()};
        assertThat(new CommandLine(new ProvisioningMain()).execute(enroll)).isZero();

        Path bundleFile = out.resolve(EnrollmentBundle.fileName("26734-001"));
        EnrollmentBundle bundle = EnrollmentBundle.read(bundleFile);
        assertThat(bundle.hasTls()).isTrue();
        assertThat(bundle.mqttUrl()).isEqualTo("ssl://localhost:" + mqttsPort);
        assertThat(Pem.certificate(bundle.tlsCertificate()).getSubjectX500Principal().getName())
                .isEqualTo("CN=26734-001");
        assertThat(bundle.caCertificate()).isEqualTo(Files.readString(caFile));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bundleFile))).isEqualTo("rw-------");

        // Running the same enrollment again changes nothing: same file, same certificate.
        byte[] before = Files.readAllBytes(bundleFile);
        assertThat(new CommandLine(new ProvisioningMain()).execute(enroll)).isZero();
        assertThat(Files.readAllBytes(bundleFile)).isEqualTo(before);
        assertThat(out.toFile().list()).containsExactly(bundleFile.getFileName().toString());

        kiosk = startKiosk(bundleFile);
        HttpClient https = HttpClient.newBuilder().sslContext(TlsContexts.trustOnly(Files.readString(caFile))).build();
        double passwordChecksBefore = metric(https, fleetUrl, "fleet_broker_refused_total{reason=\"wrong-password\"}");
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode listed = get(https, fleetUrl + "/api/kiosks/26734-001");
            assertThat(listed.get("online").asBoolean()).isTrue();
            assertThat(listed.path("lastHealth").path("memoryTotalBytes").asLong()).isPositive();
        });
        assertThat(metric(https, fleetUrl, "fleet_broker_refused_total{reason=\"wrong-password\"}"))
                .isEqualTo(passwordChecksBefore);
    }

    private Process startKiosk(Path bundle) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "vn.p06.kiosk.KioskMain", "--bundle", bundle.toString(), "--health-interval", "1s",
                "--keepalive", "5s", "--data-dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("kiosk.log").toFile())
                .start();
    }

    private static double metric(HttpClient https, String fleetUrl, String sample) throws Exception {
        String body = https.send(HttpRequest.newBuilder(URI.create(fleetUrl + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1))).findFirst().orElse(0);
    }

    private static JsonNode get(HttpClient https, String url) throws Exception {
        // The read API needs FLEET_READ: the admin token has it.
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + TOKEN).build(),
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
