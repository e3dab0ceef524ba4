package vn.p06.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.pki.FleetCa;
import vn.p06.fleet.pki.ServerIdentity;
import vn.p06.kiosk.identity.CertificateRenewer;
import vn.p06.kiosk.identity.KioskIdentity;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.tls.KioskKeys;
import vn.p06.protocol.tls.Pem;
import vn.p06.testsupport.MutableClock;

/**
 * The kiosk checks what a renewal hands it. A real HTTPS server on loopback with a server
 * certificate from the fleet CA plays the fleet server and answers with certificates the real CA
 * signed, but for the wrong kiosk, the wrong key or from another CA: the kiosk refuses each, keeps
 * its certificate, writes nothing and says why in its health state; a right answer is stored.
 */
class RenewalAnswerTest {
    private static final String KIOSK = "26734-001";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private FleetCa ca;
    private HttpsServer https;
    private ScheduledExecutorService scheduler;
    private EnrollmentBundle bundle;
    /** What the fake server answers to a certificate request (PEM in, JSON body out). */
    private final AtomicReference<Function<String, String>> answer = new AtomicReference<>();
    private final MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofDays(600)));

    @BeforeEach
    void start() throws Exception {
        ca = FleetCa.openOrCreate(dir.resolve("pki"), Clock.systemUTC());
        ServerIdentity identity = ca.serverIdentity(List.of("localhost", "127.0.0.1"));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", identity.key(), new char[0], new X509Certificate[] {identity.certificate()});
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/api/kiosk/certificate", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            byte[] body = answer.get().apply(request.path("certificateRequest").asText()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        https.start();
        KioskKeys.KeyAndRequest keysOfKiosk = KioskKeys.newRequest(KIOSK);
        // Issued now, valid 2 years; the kiosk's clock is 600 days on: renewal is due.
        bundle = new EnrollmentBundle(KIOSK, "26734", "ssl://localhost:8883", KIOSK, "secret",
                "https://localhost:" + https.getAddress().getPort(), null, keysOfKiosk.privateKeyPem(),
                Pem.encode(ca.issueKiosk(KIOSK, keysOfKiosk.requestPem())), ca.certificatePem());
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        https.stop(0);
        scheduler.shutdownNow();
    }

    private String answerWith(X509Certificate certificate) {
        try {
            return JSON.writeValueAsString(Map.of("id", KIOSK, "certificate", Pem.encode(certificate),
                    "caCertificate", ca.certificatePem()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One renewal attempt against the current answer. */
    private void attempt(CertificateRenewer renewer) {
        clock.advance(Duration.ofHours(7)); // past any retry delay of the previous attempt
        renewer.check();
    }

    @Test
    void answersForAnotherKioskAnotherKeyOrFromAnotherCaAreRefusedAndNothingChanges(@TempDir Path foreignDir)
            throws Exception {
        AtomicReference<EnrollmentBundle> handedOver = new AtomicReference<>();
        CertificateRenewer renewer = new CertificateRenewer(bundle, dir.resolve("kiosk"), clock, scheduler,
                CertificateRenewer.Policy.defaults(), handedOver::set);
        String serialBefore = renewer.state().serial();
        FleetCa foreign = FleetCa.openOrCreate(foreignDir, Clock.systemUTC());
        Map<String, Function<String, String>> tampered = Map.of(
                "is for CN=26734-002", request -> answerWith(ca.issueKiosk("26734-002", request)),
                "for another key", request -> answerWith(ca.issueKiosk(KIOSK, KioskKeys.newRequest(KIOSK).requestPem())),
                "the fleet CA", request -> answerWith(foreign.issueKiosk(KIOSK, request)),
                "unreadable answer", request -> "<html>captive portal</html>");
        for (Map.Entry<String, Function<String, String>> bad : tampered.entrySet()) {
            answer.set(bad.getValue());
            attempt(renewer);
            assertThat(renewer.state().lastRenewalError()).as(bad.getKey()).contains(bad.getKey());
            assertThat(renewer.state().serial()).isEqualTo(serialBefore);
            assertThat(renewer.current()).isEqualTo(bundle);
            assertThat(handedOver.get()).isNull();
            assertThat(Files.exists(dir.resolve("kiosk").resolve("identity"))).isFalse();
        }

        // A right answer that cannot be stored (here: a file where the identity directory goes, as a
        // full or broken disk would fail the write) changes nothing either.
        answer.set(request -> answerWith(ca.issueKiosk(KIOSK, request)));
        Files.createDirectories(dir.resolve("kiosk"));
        Path blocker = Files.writeString(dir.resolve("kiosk").resolve("identity"), "not a directory");
        attempt(renewer);
        assertThat(renewer.state().lastRenewalError()).contains("identity");
        assertThat(renewer.current()).isEqualTo(bundle);
        assertThat(handedOver.get()).isNull();
        Files.delete(blocker);

        attempt(renewer);
        assertThat(renewer.state().lastRenewalError()).isNull();
        assertThat(renewer.state().serial()).isNotEqualTo(serialBefore);
        assertThat(handedOver.get()).isEqualTo(renewer.current());
        Path stored = dir.resolve("kiosk").resolve("identity").resolve(EnrollmentBundle.fileName(KIOSK));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
        // What a restarted agent runs with: the renewed credentials, with the bundle's CA.
        EnrollmentBundle effective = KioskIdentity.effective(bundle, dir.resolve("kiosk"), clock);
        assertThat(effective.tlsCertificate()).isEqualTo(renewer.current().tlsCertificate());
        assertThat(effective.tlsPrivateKey()).isNotEqualTo(bundle.tlsPrivateKey());
    }

    @Test
    void aDamagedOrForeignStoredIdentityIsIgnoredAtStartInFavourOfTheBundle() throws Exception {
        Path kioskDir = dir.resolve("kiosk");
        Files.createDirectories(kioskDir.resolve("identity"));
        Path stored = kioskDir.resolve("identity").resolve(EnrollmentBundle.fileName(KIOSK));
        Files.writeString(stored, "{\"privateKey\":\"half-writ");
        assertThat(KioskIdentity.effective(bundle, kioskDir, clock)).isEqualTo(bundle);

        KioskKeys.KeyAndRequest other = KioskKeys.newRequest(KIOSK);
        X509Certificate otherCertificate = ca.issueKiosk(KIOSK, other.requestPem());
        // A certificate with a key that is not its own.
        Files.writeString(stored, JSON.writeValueAsString(Map.of("privateKey", bundle.tlsPrivateKey(),
                "certificate", Pem.encode(otherCertificate))));
        assertThat(KioskIdentity.effective(bundle, kioskDir, clock)).isEqualTo(bundle);
    }
}
