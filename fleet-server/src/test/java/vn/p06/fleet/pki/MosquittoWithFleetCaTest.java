package vn.p06.fleet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.protocol.tls.KioskKeys;
import vn.p06.protocol.tls.Pem;
import vn.p06.protocol.tls.TlsContexts;
import vn.p06.testsupport.Mosquitto;

/**
 * The external-broker configuration of SECURITY.md on a real Mosquitto: our CA as {@code cafile},
 * a server certificate from our CA, {@code require_certificate} and {@code use_identity_as_username}.
 * A kiosk certificate from the fleet CA logs in with no password and gets its own topics only.
 */
class MosquittoWithFleetCaTest {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MosquittoWithFleetCaTest.class);
    /** The packaged script, run from the module directory as Maven does. */
    private static final Path CRL_SYNC = Path.of("..", "packaging", "fleet-server", "p06-fleet-crl-sync");
    @TempDir
    Path data;
    /** {@code <data-dir>/pki}, where the fleet server keeps its CA. */
    private Path pki;
    @TempDir
    Path brokerDir;
    private FleetCa ca;
    private Mosquitto mosquitto;

    @BeforeEach
    void start() throws Exception {
        pki = data.resolve("pki");
        ca = FleetCa.openOrCreate(pki, Clock.systemUTC());
        ca.serverIdentity(List.of("127.0.0.1", "localhost"));
        mosquitto = Mosquitto.start(brokerDir, Map.of("admin", "admin-password"), "admin",
                new Mosquitto.Tls(pki.resolve("ca.crt"), pki.resolve("server.crt"), pki.resolve("server.key")));
    }

    @AfterEach
    void stop() {
        mosquitto.close();
    }

    private SSLContext kioskTls(FleetCa issuer, String kioskId) {
        KioskKeys.KeyAndRequest keys = KioskKeys.newRequest(kioskId);
        return TlsContexts.client(keys.privateKeyPem(), Pem.encode(issuer.issueKiosk(kioskId, keys.requestPem())),
                ca.certificatePem());
    }

    private MqttAsyncClient connect(String kioskId, SSLContext tls) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(mosquitto.tlsUrl(), kioskId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(tls.getSocketFactory());
        client.connect(options).waitForCompletion(15_000);
        return client;
    }

    private static int[] publish(MqttAsyncClient client, String topic) throws MqttException {
        IMqttToken token = client.publish(topic, new MqttMessage(new byte[] {1}, 1, false, null));
        token.waitForCompletion(10_000);
        return token.getReasonCodes() == null ? new int[] {0} : token.getReasonCodes();
    }

    @Test
    void aFleetCertificateLogsInWithoutPasswordAndItsCnIsTheAclIdentity() throws Exception {
        MqttAsyncClient kiosk = connect("26734-001", kioskTls(ca, "26734-001"));
        try {
            // 0x10 "no matching subscribers" is a success: Mosquitto accepted it.
            assertThat(publish(kiosk, "kiosk/v1/26734-001/health")).containsAnyOf(0x00, 0x10);
            assertThat(publish(kiosk, "kiosk/v1/26734-002/health")).containsExactly(0x87);
        } finally {
            kiosk.disconnect().waitForCompletion(5_000);
            kiosk.close();
        }
    }

    @Test
    void aCertificateFromAnotherCaFailsTheHandshake(@TempDir Path elsewhere) throws Exception {
        FleetCa foreign = FleetCa.openOrCreate(elsewhere, Clock.systemUTC());
        SSLContext tls = kioskTls(foreign, "26734-001");

        assertThatThrownBy(() -> connect("26734-001", tls)).isInstanceOf(MqttException.class);
        // Mosquitto writes its log line a moment after the handshake fails.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(mosquitto.log()).containsIgnoringCase("certificate"));
    }

    /**
     * The revocation path for an external broker, as DEPLOYMENT.md sets it up: the CA writes a new
     * CRL, {@code p06-fleet-crl-sync} (the packaged script) checks and copies it to Mosquitto's
     * crlfile, Mosquitto restarts. Measures revoke → refusal of the revoked kiosk's reconnect.
     */
    @Test
    void aRevokedKioskIsRefusedOnceTheCrlSyncRestartsMosquittoAndAnotherKioskStillConnects(@TempDir Path crlBroker)
            throws Exception {
        mosquitto.close();
        Path crlFile = crlBroker.resolve("crl.pem");
        assertThat(runCrlSync(crlFile)).contains("new revocations");
        mosquitto = Mosquitto.start(crlBroker, Map.of("admin", "admin-password"), "admin", new Mosquitto.Tls(
                pki.resolve("ca.crt"), pki.resolve("server.crt"), pki.resolve("server.key"), crlFile));
        KioskKeys.KeyAndRequest stolenKeys = KioskKeys.newRequest("26734-001");
        X509Certificate stolen = ca.issueKiosk("26734-001", stolenKeys.requestPem());
        SSLContext stolenTls = TlsContexts.client(stolenKeys.privateKeyPem(), Pem.encode(stolen), ca.certificatePem());
        SSLContext otherTls = kioskTls(ca, "26734-002");
        MqttAsyncClient revoked = connect("26734-001", stolenTls);
        connect("26734-002", otherTls).disconnect().waitForCompletion(5_000);

        long revokedAt = System.nanoTime();
        ca.revokeKiosk("26734-001");
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(Files.newInputStream(pki.resolve("crl.pem")));
        crl.verify(ca.certificate().getPublicKey());
        assertThat(crl.isRevoked(stolen)).isTrue();
        assertThat(crl.getRevokedCertificates()).hasSize(1);
        assertThat(runCrlSync(crlFile)).contains("restarting Mosquitto to drop revoked kiosks");
        assertThat(runCrlSync(crlFile)).as("unchanged: no second restart").contains("is current");
        mosquitto.stop();
        mosquitto.restart();

        await().atMost(Duration.ofSeconds(10)).until(() -> !revoked.isConnected());
        assertThatThrownBy(() -> connect("26734-001", stolenTls)).isInstanceOf(MqttException.class);
        long refusedMillis = (System.nanoTime() - revokedAt) / 1_000_000;
        MqttAsyncClient other = connect("26734-002", otherTls);
        assertThat(other.isConnected()).isTrue();
        other.disconnect().waitForCompletion(5_000);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(mosquitto.log()).contains("certificate verify failed"));
        log.info("revoke → CRL → p06-fleet-crl-sync → Mosquitto restart → reconnect refused: {} ms", refusedMillis);
        revoked.close(true);
    }

    /**
     * What the sync script's choice rests on (Mosquitto 2.0.11): SIGHUP loads the new crlfile for new
     * handshakes, but a revoked kiosk that is connected stays connected; hence a restart on new
     * revocations. A re-signed CRL with the same serials only needs the reload.
     */
    @Test
    void aReloadRefusesTheRevokedKiosksNewHandshakesButKeepsItsOpenConnection(@TempDir Path crlBroker)
            throws Exception {
        mosquitto.close();
        Path crlFile = crlBroker.resolve("crl.pem");
        runCrlSync(crlFile);
        mosquitto = Mosquitto.start(crlBroker, Map.of("admin", "admin-password"), "admin", new Mosquitto.Tls(
                pki.resolve("ca.crt"), pki.resolve("server.crt"), pki.resolve("server.key"), crlFile));
        SSLContext tls = kioskTls(ca, "26734-001");
        MqttAsyncClient connectedBefore = connect("26734-001", tls);
        ca.revokeKiosk("26734-001");
        runCrlSync(crlFile);
        mosquitto.reload();

        // Retried until the reload has happened: then the revoked kiosk's new handshake fails.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> connect("26734-001", tls).disconnect().waitForCompletion(5_000))
                        .isInstanceOf(MqttException.class));
        MqttAsyncClient other = connect("26734-002", kioskTls(ca, "26734-002"));
        other.disconnect().waitForCompletion(5_000);
        // ...while its connection from before the reload still works.
        assertThat(publish(connectedBefore, "kiosk/v1/26734-001/health")).containsAnyOf(0x00, 0x10);
        connectedBefore.disconnect().waitForCompletion(5_000);

        ca.publishCrl(); // the daily re-signing: same serials
        assertThat(runCrlSync(crlFile)).contains("same serials; reloading");
    }

    private String runCrlSync(Path crlFile) throws Exception {
        ProcessBuilder sync = new ProcessBuilder(CRL_SYNC.toString()).redirectErrorStream(true);
        sync.environment().put("P06_FLEET_DATA_DIR", data.toString());
        sync.environment().put("P06_MOSQUITTO_CRL", crlFile.toString());
        // The test restarts its own Mosquitto (the fixture owns the process).
        sync.environment().put("P06_MOSQUITTO_RESTART", "true");
        sync.environment().put("P06_MOSQUITTO_RELOAD", "true");
        Process process = sync.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
