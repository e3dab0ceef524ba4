package vn.p06.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.pki.FleetCa;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.tls.KioskKeys;
import vn.p06.protocol.tls.Pem;
import vn.p06.protocol.tls.TlsContexts;
import vn.p06.testsupport.RecordingMqttClient;

/**
 * A real fleet server with TLS on (embedded HiveMQ's TLS listener, HTTPS on Netty, certificates
 * from its own CA), real Paho clients and the JDK's HTTP client, all on loopback.
 */
class TlsFleetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;
    static TestFleet fleet;
    static int mqttsPort;

    @BeforeAll
    static void startFleet() throws Exception {
        mqttsPort = TestFleet.freePort();
        fleet = TestFleet.startTls(dataDir, mqttsPort);
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    /** A kiosk's credentials as provisioning makes them: key made here, request signed by the fleet CA. */
    record Credentials(String kioskId, String secret, String keyPem, String certificatePem, String caPem) {
        SSLContext tls() {
            return TlsContexts.client(keyPem, certificatePem, caPem);
        }
    }

    static Credentials enroll(String kioskId) throws Exception {
        String secret = "secret-of-" + kioskId;
        KioskKeys.KeyAndRequest keys = KioskKeys.newRequest(kioskId);
        String body = JSON.writeValueAsString(java.util.Map.of("commune", kioskId.substring(0, 5), "secret", secret,
                "certificateRequest", keys.requestPem()));
        var response = fleet.admin("PUT", "/api/admin/kiosks/" + kioskId, body);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("mqttUrl").asText()).startsWith("ssl://");
        return new Credentials(kioskId, secret, keys.privateKeyPem(), answer.get("certificate").asText(),
                answer.get("caCertificate").asText());
    }

    String tlsUrl() {
        return "ssl://127.0.0.1:" + mqttsPort;
    }

    double refused(String reason) throws Exception {
        return fleet.metric("fleet_broker_refused_total{reason=\"" + reason + "\"}");
    }

    @Test
    void aKioskLogsInWithItsIssuedCertificateAndNoPassword() throws Exception {
        Credentials kiosk = enroll("26734-101");
        assertThat(Pem.certificate(kiosk.certificatePem()).getSubjectX500Principal().getName()).isEqualTo("CN=26734-101");

        try (RecordingMqttClient client = KioskMqtt.connectWithCertificate(tlsUrl(), "26734-101", kiosk.tls(), null)) {
            assertThat(client.isConnected()).isTrue();
            assertThat(client.publish(Envelope.create("26734-101", 1_000, 1,
                    new Body.Status(Body.Presence.ONLINE, "0.1.0")))).containsExactly(0);
            await().atMost(WAIT).until(() -> fleet.getJson("/api/kiosks/26734-101").get("online").asBoolean());
        }
    }

    /**
     * HiveMQ's listener in OPTIONAL mode completes the handshake but does not hand an untrusted
     * certificate to the extension; the client is then a password client without user name or
     * password, and is refused (0x85). Either way: no session.
     */
    @Test
    void aCertificateFromAForeignCaGetsNoSession(@TempDir Path elsewhere) throws Exception {
        enroll("26734-102");
        FleetCa foreign = FleetCa.openOrCreate(elsewhere, Clock.systemUTC());
        KioskKeys.KeyAndRequest keys = KioskKeys.newRequest("26734-102");
        String foreignCertificate = Pem.encode(foreign.issueKiosk("26734-102", keys.requestPem()));
        SSLContext tls = TlsContexts.client(keys.privateKeyPem(), foreignCertificate, TestFleet.caPem(dataDir));

        assertThatThrownBy(() -> KioskMqtt.connectWithCertificate(tlsUrl(), "26734-102", tls, null))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x85));
    }

    @Test
    void aKioskThatTrustsOnlyItsCaRefusesAServerWithAnotherCa(@TempDir Path elsewhere) throws Exception {
        Credentials kiosk = enroll("26734-103");
        String foreignCa = FleetCa.openOrCreate(elsewhere, Clock.systemUTC()).certificatePem();
        SSLContext tls = TlsContexts.client(kiosk.keyPem(), kiosk.certificatePem(), foreignCa);

        assertThatThrownBy(() -> KioskMqtt.connectWithCertificate(tlsUrl(), "26734-103", tls, null))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("certification path"));
    }

    /** A server certificate for another name (a stolen certificate of the real CA on a rogue host). */
    @Test
    void aKioskRefusesABrokerWhoseCertificateNamesAnotherHost(@TempDir Path otherDataDir) throws Exception {
        int otherMqtts = TestFleet.freePort();
        try (TestFleet other = TestFleet.startTls(otherDataDir, otherMqtts, java.util.List.of("fleet.invalid"))) {
            String ca = TestFleet.caPem(otherDataDir);
            KioskKeys.KeyAndRequest keys = KioskKeys.newRequest("26734-110");
            FleetCa otherCa = FleetCa.openOrCreate(otherDataDir.resolve("pki"), Clock.systemUTC());
            SSLContext tls = TlsContexts.client(keys.privateKeyPem(),
                    Pem.encode(otherCa.issueKiosk("26734-110", keys.requestPem())), ca);

            assertThatThrownBy(() -> KioskMqtt.connectWithCertificate("ssl://127.0.0.1:" + otherMqtts,
                    "26734-110", tls, null))
                    .isInstanceOf(MqttException.class)
                    .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("127.0.0.1"));
        }
    }

    @Test
    void aCertificateWhoseCnIsAnotherKioskIsRefusedAndCounted() throws Exception {
        Credentials kiosk = enroll("26734-104");
        enroll("26734-105");
        double before = refused("certificate-other-kiosk");

        assertThatThrownBy(() -> KioskMqtt.connectWithCertificate(tlsUrl(), "26734-105", kiosk.tls(), null))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x87));
        assertThat(refused("certificate-other-kiosk")).isEqualTo(before + 1);
    }

    @Test
    void aPasswordKioskStillWorksOnThePlainListener() throws Exception {
        fleet.enroll("26734-106", "secret-of-kiosk-106");
        try (RecordingMqttClient client = KioskMqtt.connect(fleet.mqttUrl(), "26734-106", "26734-106",
                "secret-of-kiosk-106")) {
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void healthzOverHttpsWithTheFleetCaAsTrustAnchor() throws Exception {
        assertThat(fleet.get("/healthz").statusCode()).isEqualTo(200);
        // A client with the JDK's public CAs only does not accept the fleet's certificate.
        HttpClient publicTrust = HttpClient.newHttpClient();
        assertThatThrownBy(() -> publicTrust.send(HttpRequest.newBuilder(fleet.uri("/healthz")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void aRevokedKioskIsDisconnectedAndRefusedWithinASecond() throws Exception {
        Credentials kiosk = enroll("26734-107");
        RecordingMqttClient client = KioskMqtt.connectWithCertificate(tlsUrl(), "26734-107", kiosk.tls(), null);
        double before = refused("certificate-revoked");

        long start = System.nanoTime();
        assertThat(fleet.admin("POST", "/api/admin/kiosks/26734-107/revoke", null).statusCode()).isEqualTo(200);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> !client.isConnected());
        long droppedMillis = (System.nanoTime() - start) / 1_000_000;
        client.close();

        assertThatThrownBy(() -> KioskMqtt.connectWithCertificate(tlsUrl(), "26734-107", kiosk.tls(), null))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x8A));
        long refusedMillis = (System.nanoTime() - start) / 1_000_000;
        org.slf4j.LoggerFactory.getLogger(TlsFleetTest.class).info(
                "revocation: connection dropped {} ms after the revoke call, reconnect refused at {} ms",
                droppedMillis, refusedMillis);
        assertThat(droppedMillis).as("revoke → disconnect, ms").isLessThan(5_000);
        assertThat(refused("certificate-revoked")).isEqualTo(before + 1);
    }

    @Test
    void aKioskRenewsItsCertificateWhileOnlineAndMovesToItWithoutGoingOffline() throws Exception {
        Credentials kiosk = enroll("26734-108");
        RecordingMqttClient first = KioskMqtt.connectWithCertificate(tlsUrl(), "26734-108", kiosk.tls(), "26734-108");
        first.publish(Envelope.create("26734-108", 1_000, 1, new Body.Status(Body.Presence.ONLINE, "0.1.0")));
        first.publish(Envelope.create("26734-108", System.currentTimeMillis(), 1, FleetServerTest.health(40)));
        await().atMost(WAIT).until(() -> fleet.getJson("/api/kiosks/26734-108").get("online").asBoolean());

        KioskKeys.KeyAndRequest next = KioskKeys.newRequest("26734-108");
        var response = fleet.send(HttpRequest.newBuilder(fleet.uri("/api/kiosk/certificate"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("26734-108:" + kiosk.secret()).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        java.util.Map.of("certificateRequest", next.requestPem())))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String renewed = JSON.readTree(response.body()).get("certificate").asText();
        assertThat(Pem.certificate(renewed).getSerialNumber())
                .isNotEqualTo(Pem.certificate(kiosk.certificatePem()).getSerialNumber());
        assertThat(first.isConnected()).as("renewal does not touch the live connection").isTrue();

        // The kiosk moves over: a clean DISCONNECT (no will), then the new certificate.
        first.close();
        SSLContext nextTls = TlsContexts.client(next.privateKeyPem(), renewed, kiosk.caPem());
        try (RecordingMqttClient second = KioskMqtt.connectWithCertificate(tlsUrl(), "26734-108", nextTls, "26734-108")) {
            second.publish(Envelope.create("26734-108", 2_000, 1, new Body.Status(Body.Presence.ONLINE, "0.1.0")));
            second.publish(Envelope.create("26734-108", System.currentTimeMillis(), 2, FleetServerTest.health(41)));
            await().atMost(WAIT).until(() -> fleet.server.telemetry().count("health", "26734-108") == 2);
            // The clean DISCONNECT sent no will: the fleet never saw the kiosk offline.
            assertThat(fleet.getJson("/api/kiosks/26734-108").get("online").asBoolean()).isTrue();
        }
        // The old certificate still works until it expires or the kiosk is revoked.
        try (RecordingMqttClient old = KioskMqtt.connectWithCertificate(tlsUrl(), "26734-108", kiosk.tls(), null)) {
            assertThat(old.isConnected()).isTrue();
        }
    }

    @Test
    void renewalNeedsTheKiosksOwnSecretAndASignedRequest() throws Exception {
        Credentials kiosk = enroll("26734-109");
        String request = JSON.writeValueAsString(java.util.Map.of("certificateRequest",
                KioskKeys.newRequest("26734-109").requestPem()));
        var wrongSecret = fleet.send(HttpRequest.newBuilder(fleet.uri("/api/kiosk/certificate"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "26734-109:not-the-secret".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(request)));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        var garbage = fleet.send(HttpRequest.newBuilder(fleet.uri("/api/kiosk/certificate"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("26734-109:" + kiosk.secret()).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"certificateRequest\":\"not pem\"}")));
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).contains("certificateRequest");
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
