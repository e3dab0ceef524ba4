package vn.p06.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.p06.fleet.FleetConfig;
import vn.p06.fleet.FleetServer;
import vn.p06.fleet.broker.EmbeddedBroker;
import vn.p06.fleet.store.TelemetryRepository;
import vn.p06.kiosk.AgentRuntime;
import vn.p06.kiosk.identity.CertificateRenewer;
import vn.p06.kiosk.telemetry.MqttLink;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.tls.Pem;
import vn.p06.protocol.tls.TlsContexts;
import vn.p06.provisioning.ProvisioningMain;

/**
 * A kiosk renews its own certificate on real parts: the fleet server with TLS (its CA, HTTPS, the
 * embedded broker's TLS listener), a bundle from the provisioning CLI, and the kiosk agent runtime.
 * The server's clock is set back at enrollment so that the kiosk's first certificate is already
 * 400 days old when the kiosk starts; the kiosk's clock then jumps 100 days, into the renewal window
 * (a third of 2 years), instead of the test waiting.
 */
class CertificateRenewalTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "renewal-admin-token-0123456789";
    private static final String RENEWING = "26734-001";
    private static final String REFUSED = "26734-002";
    /** Checked every 100 ms of real time; a failed attempt waits a minute of kiosk time. */
    private static final CertificateRenewer.Policy RENEWAL = new CertificateRenewer.Policy(1.0 / 3,
            Duration.ofDays(30), Duration.ofMillis(100), Duration.ofMinutes(1), Duration.ofHours(1),
            Duration.ofSeconds(5));

    /** One fleet server for the class: each test has its own kiosk (two enrolled together). */
    @TempDir
    static Path fleetDir;
    private static FleetServer server;
    private static Path bundles;
    @TempDir
    Path dir;
    private AgentRuntime kiosk;

    /** A ticking clock the test can move: the agents' timers and ages keep working across a jump. */
    private static final class JumpingClock extends Clock {
        private volatile Duration offset;

        JumpingClock(Duration offset) {
            this.offset = offset;
        }

        void jump(Duration by) {
            offset = offset.plus(by);
        }

        void set(Duration value) {
            offset = value;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    @AfterEach
    void stopKiosk() {
        if (kiosk != null) {
            kiosk.close();
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A fleet server whose clock stood 400 days back while it enrolled the two kiosks. */
    @BeforeAll
    static void serverWithOldKiosks() throws Exception {
        Path dir = fleetDir;
        JumpingClock serverClock = new JumpingClock(Duration.ofDays(-400));
        int mqttsPort = freePort();
        int httpsPort = freePort();
        server = FleetServer.start(new FleetConfig(dir.resolve("fleet"), "127.0.0.1", httpsPort, freePort(),
                Optional.empty(), EmbeddedBroker.Persistence.IN_MEMORY, TOKEN, "ssl://localhost:" + mqttsPort,
                "https://localhost:" + httpsPort, "renewal",
                Optional.of(new FleetConfig.TlsConfig(mqttsPort, true, List.of("localhost", "127.0.0.1")))),
                serverClock);
        Path tokenFile = Files.writeString(dir.resolve("admin.token"), TOKEN + "\n");
        Path csv = Files.writeString(dir.resolve("communes.csv"), "commune,kiosks\n26734,2\n");
        Path out = dir.resolve("bundles");
        assertThat(new CommandLine(new ProvisioningMain()).execute("enroll", "--server",
                "https://localhost:" + server.httpPort(), "--ca-file",
                dir.resolve("fleet").resolve("pki").resolve("ca.crt").toString(), "--admin-token-file",
                tokenFile.toString(), "--csv", csv.toString(), "--out", out.toString())).isZero();
        // From now on the server lives in the present: it issues renewals valid from today.
        serverClock.set(Duration.ZERO);
        bundles = out;
    }

    private AgentRuntime startKiosk(EnrollmentBundle bundle, Clock clock) throws IOException {
        return AgentRuntime.start(List.of(bundle), kioskDir(), Duration.ofMillis(500),
                MqttLink.Options.defaults().withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
                Optional.empty(), List.of(), Optional.empty(), clock, RENEWAL);
    }

    private Path kioskDir() {
        return dir.resolve("kiosk");
    }

    private static BigInteger lastLogin(String kioskId) {
        return server.ca().lastLoginSerial(kioskId).orElse(BigInteger.ZERO);
    }

    private static boolean online(String kioskId) {
        return server.kiosks().find(kioskId).orElseThrow().online();
    }

    private static JsonNode latestCertificateState(String kioskId) throws IOException {
        List<TelemetryRepository.HealthSample> samples = server.telemetry().health(kioskId, 0, Long.MAX_VALUE, 1000);
        assertThat(samples).isNotEmpty();
        TelemetryRepository.HealthSample newest = samples.stream()
                // By the kiosk's time, not the sequence: a restarted agent numbers its samples afresh.
                .max(java.util.Comparator.comparingLong(TelemetryRepository.HealthSample::ts)).orElseThrow();
        return JSON.readTree(newest.body()).path("certificate");
    }

    private void recordEvents(String phase, int count) {
        for (int i = 0; i < count; i++) {
            kiosk.usage(RENEWING).record("service.viewed", Map.of("phase", phase, "n", Integer.toString(i)));
        }
    }

    @Test
    void nearItsEndTheKioskRenewsMovesToTheNewCertificateLosesNoRecordAndKeepsItAfterARestart() throws Exception {
        Path bundleFile = bundles.resolve(EnrollmentBundle.fileName(RENEWING));
        byte[] bundleBytes = Files.readAllBytes(bundleFile);
        EnrollmentBundle bundle = EnrollmentBundle.read(bundleFile);
        BigInteger provisioned = Pem.certificate(bundle.tlsCertificate()).getSerialNumber();
        JumpingClock kioskClock = new JumpingClock(Duration.ZERO);

        kiosk = startKiosk(bundle, kioskClock);
        await().atMost(WAIT).until(() -> lastLogin(RENEWING).equals(provisioned));
        await().atMost(WAIT).untilAsserted(() -> assertThat(latestCertificateState(RENEWING).path("daysLeft").asLong())
                .isBetween(328L, 330L));
        assertThat(Files.exists(kioskDir().resolve("identity"))).as("330 days left: not due yet").isFalse();

        recordEvents("before", 100);
        kioskClock.jump(Duration.ofDays(100)); // 230 days left, less than a third of 730
        recordEvents("during", 100);
        await().atMost(WAIT).until(() -> !lastLogin(RENEWING).equals(provisioned)
                && online(RENEWING));
        BigInteger renewed = lastLogin(RENEWING);
        recordEvents("after", 100);

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(server.telemetry().count("usage_events", RENEWING)).isEqualTo(300));
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode state = latestCertificateState(RENEWING);
            assertThat(state.path("serial").asText()).isEqualTo(renewed.toString(16));
            assertThat(state.path("daysLeft").asLong()).isBetween(628L, 630L);
            assertThat(state.has("lastRenewalError")).isFalse();
        });
        // The ledger knows the new certificate as this kiosk's; the old one stays valid until it ends.
        assertThat(server.ca().ledger().validCount(RENEWING)).isEqualTo(2);
        assertThat(Files.readAllBytes(bundleFile)).as("the provisioned bundle is never rewritten").isEqualTo(bundleBytes);
        Path identity = kioskDir().resolve("identity").resolve(EnrollmentBundle.fileName(RENEWING));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identity))).isEqualTo("rw-------");
        assertThat(Files.readString(identity)).doesNotContain(bundle.tlsPrivateKey().strip());

        // Restarted from the same bundle and data dir, it logs in with the renewed certificate.
        kiosk.close();
        await().atMost(WAIT).until(() -> !online(RENEWING));
        kioskClock.jump(Duration.ofMinutes(1));
        kiosk = startKiosk(bundle, kioskClock);
        await().atMost(WAIT).until(() -> online(RENEWING));
        assertThat(lastLogin(RENEWING)).isEqualTo(renewed);
        assertThat(server.telemetry().count("usage_events", RENEWING)).isEqualTo(300);
    }

    @Test
    void aRefusedOrUnreachableRenewalKeepsTheWorkingCertificateAndShowsTheErrorInHealth() throws Exception {
        EnrollmentBundle good = EnrollmentBundle.read(bundles.resolve(EnrollmentBundle.fileName(REFUSED)));
        BigInteger provisioned = Pem.certificate(good.tlsCertificate()).getSerialNumber();
        // 100 days on, renewal is due at once. The certificate login does not use the secret; renewal does.
        JumpingClock kioskClock = new JumpingClock(Duration.ofDays(100));
        kiosk = startKiosk(withSecretAndServer(good, "not-the-secret", good.fleetUrl()), kioskClock);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(lastLogin(REFUSED)).isEqualTo(provisioned);
            JsonNode state = latestCertificateState(REFUSED);
            assertThat(state.path("serial").asText()).isEqualTo(provisioned.toString(16));
            assertThat(state.path("lastRenewalError").asText()).contains("HTTP 401");
        });
        assertThat(server.ca().ledger().validCount(REFUSED)).isEqualTo(1);
        assertThat(Files.exists(kioskDir().resolve("identity"))).isFalse();

        // The fleet server's HTTPS side is unreachable (nothing listens there): same, with the reason.
        kiosk.close();
        kioskClock.jump(Duration.ofMinutes(1));
        kiosk = startKiosk(withSecretAndServer(good, good.mqttPassword(), "https://localhost:" + freePort()), kioskClock);
        await().atMost(WAIT).until(() -> online(REFUSED));
        await().atMost(WAIT).untilAsserted(() -> assertThat(latestCertificateState(REFUSED).path("lastRenewalError").asText())
                .contains("cannot reach https://localhost:"));
        assertThat(lastLogin(REFUSED)).isEqualTo(provisioned);
        assertThat(server.ca().ledger().validCount(REFUSED)).isEqualTo(1);
        assertThat(Files.exists(kioskDir().resolve("identity"))).isFalse();

        // Revoked through the admin API: the public CRL lists the certificate and verifies with the CA key.
        HttpClient client = HttpClient.newBuilder().sslContext(TlsContexts.trustOnly(good.caCertificate())).build();
        String base = "https://localhost:" + server.httpPort();
        assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/kiosks/" + REFUSED + "/revoke"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> crlResponse = client.send(HttpRequest.newBuilder(URI.create(base + "/api/pki/crl")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(crlResponse.statusCode()).isEqualTo(200);
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(crlResponse.body()));
        crl.verify(Pem.certificate(good.caCertificate()).getPublicKey());
        assertThat(crl.getRevokedCertificate(provisioned)).isNotNull();
        assertThat(Files.readAllBytes(fleetDir.resolve("fleet").resolve("pki").resolve("crl.pem")))
                .isEqualTo(crlResponse.body());
    }

    private static EnrollmentBundle withSecretAndServer(EnrollmentBundle b, String secret, String fleetUrl) {
        return new EnrollmentBundle(b.kioskId(), b.commune(), b.mqttUrl(), b.mqttUsername(), secret, fleetUrl,
                b.contentPublicKey(), b.tlsPrivateKey(), b.tlsCertificate(), b.caCertificate());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
