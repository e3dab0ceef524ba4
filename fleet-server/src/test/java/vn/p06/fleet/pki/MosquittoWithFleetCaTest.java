package vn.p06.fleet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    @TempDir
    Path pki;
    @TempDir
    Path brokerDir;
    private FleetCa ca;
    private Mosquitto mosquitto;

    @BeforeEach
    void start() throws Exception {
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
        // Mosquitto writes its log line after the client has already seen the refusal.
        await("mosquitto logs the refused certificate").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(mosquitto.log()).containsIgnoringCase("certificate"));
    }
}
