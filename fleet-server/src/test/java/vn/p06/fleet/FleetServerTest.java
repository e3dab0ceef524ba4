package vn.p06.fleet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;
import vn.p06.testsupport.BlackHoleProxy;
import vn.p06.testsupport.RecordingMqttClient;

/** The fleet server on its real parts: embedded HiveMQ, Paho ingest, H2 file, Netty HTTP. */
class FleetServerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;
    static TestFleet fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        fleet = TestFleet.start(dataDir);
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    static Body.Health health(double temperature) {
        return new Body.Health(temperature, 0.5, 4, 4_000_000_000L, 3_000_000_000L, 32_000_000_000L,
                16_000_000_000L, 1000, List.of("192.0.2.10"), "Raspbian 12", "17", "0.1.0", Map.of());
    }

    @Test
    void aHealthSampleTravelsFromKioskToStoreAndApi() throws Exception {
        fleet.enroll("26734-001", "secret-of-kiosk-001");
        try (RecordingMqttClient kiosk = KioskMqtt.connect(fleet.mqttUrl(), "26734-001", "26734-001",
                "secret-of-kiosk-001", "26734-001", 1_000)) {
            kiosk.publish(Envelope.create("26734-001", 1_000, 1,
                    new Body.Status(Body.Presence.ONLINE, "0.1.0")));
            kiosk.publish(Envelope.create("26734-001", System.currentTimeMillis(), 1, health(48.5)));

            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode listed = find(fleet.getJson("/api/kiosks"), "26734-001");
                assertThat(listed.get("online").asBoolean()).isTrue();
                // path(): until the sample is stored the field is missing, and that must retry, not throw
                assertThat(listed.path("lastHealth").path("cpuTemperatureC").asDouble()).isEqualTo(48.5);
            });
            JsonNode samples = fleet.getJson("/api/kiosks/26734-001/health");
            assertThat(samples).hasSize(1);
            assertThat(samples.get(0).get("body").get("memoryTotalBytes").asLong()).isEqualTo(4_000_000_000L);
            assertThat(fleet.server.telemetry().count("health", "26734-001")).isEqualTo(1);
        }
    }

    @Test
    void aKioskThatDiesIsShownOfflineByItsWill() throws Exception {
        fleet.enroll("26734-002", "secret-of-kiosk-002");
        long connectedAt = System.currentTimeMillis();
        RecordingMqttClient kiosk = KioskMqtt.connect(fleet.mqttUrl(), "26734-002", "26734-002",
                "secret-of-kiosk-002", "26734-002", connectedAt);
        kiosk.publish(Envelope.create("26734-002", connectedAt, 1,
                new Body.Status(Body.Presence.ONLINE, "0.1.0")));
        await().atMost(WAIT).until(() -> find(fleet.getJson("/api/kiosks"), "26734-002").get("online").asBoolean());

        kiosk.kill();

        await().atMost(WAIT).until(() -> !find(fleet.getJson("/api/kiosks"), "26734-002").get("online").asBoolean());
        kiosk.close();
    }

    @Test
    void aKioskThatGoesSilentIsOfflineWithinOneAndAHalfKeepalives() throws Exception {
        fleet.enroll("26734-011", "secret-of-kiosk-011");
        try (BlackHoleProxy network = BlackHoleProxy.to(fleet.mqttPort)) {
            long connectedAt = System.currentTimeMillis();
            RecordingMqttClient kiosk = KioskMqtt.connect("tcp://127.0.0.1:" + network.port(), "26734-011",
                    "26734-011", "secret-of-kiosk-011", "26734-011", connectedAt); // keepalive 2 s
            kiosk.publish(Envelope.create("26734-011", connectedAt, 1, new Body.Status(Body.Presence.ONLINE, null)));
            await().atMost(WAIT).until(() -> find(fleet.getJson("/api/kiosks"), "26734-011").get("online").asBoolean());

            long silentAt = System.nanoTime();
            network.blackHole(); // no FIN, no RST: only the keepalive can tell

            await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> !find(fleet.getJson("/api/kiosks"), "26734-011").get("online").asBoolean());
            double seconds = (System.nanoTime() - silentAt) / 1e9;
            org.slf4j.LoggerFactory.getLogger(FleetServerTest.class)
                    .info("silent kiosk shown offline after {} s (keepalive 2 s, 1.5 × = 3 s)", String.format("%.2f", seconds));
            // The broker gives up after 1.5 × keepalive; ingest and the API add well under a second.
            assertThat(seconds).isLessThan(3.0 + 2.0);
            kiosk.close();
        }
    }

    @Test
    void aMessageDeliveredTwiceCountsOnce() throws Exception {
        fleet.enroll("26734-003", "secret-of-kiosk-003");
        double duplicatesBefore = fleet.metric("fleet_records_duplicate_total");
        Envelope sample = Envelope.create("26734-003", System.currentTimeMillis(), 1, health(50));
        Envelope events = Envelope.create("26734-003", System.currentTimeMillis(), 2, new Body.EventBatch(List.of(
                new Body.UsageEvent(Envelope.newId(), 1, 1, "session.start", Map.of()),
                new Body.UsageEvent(Envelope.newId(), 2, 2, "service.viewed", Map.of("service", "birth-registration")))));
        try (RecordingMqttClient kiosk = KioskMqtt.connect(fleet.mqttUrl(), "26734-003", "26734-003",
                "secret-of-kiosk-003")) {
            kiosk.publish(sample);
            kiosk.publish(events);
            kiosk.publish(sample);
            kiosk.publish(events);
        }

        await().atMost(WAIT).until(() -> fleet.metric("fleet_records_duplicate_total") - duplicatesBefore == 3);
        assertThat(fleet.server.telemetry().count("health", "26734-003")).isEqualTo(1);
        assertThat(fleet.server.telemetry().count("usage_events", "26734-003")).isEqualTo(2);
    }

    @Test
    void healthSamplesSentAsABatchAreStoredUnderTheirOwnIdsOnceEvenWhenRegrouped() throws Exception {
        fleet.enroll("26734-012", "secret-of-kiosk-012");
        long now = System.currentTimeMillis();
        Body.HealthSample first = new Body.HealthSample(Envelope.newId(), now - 3000, 1, health(40));
        Body.HealthSample second = new Body.HealthSample(Envelope.newId(), now - 2000, 2, health(41));
        Body.HealthSample third = new Body.HealthSample(Envelope.newId(), now - 1000, 3, health(42));
        Envelope batch = Envelope.create("26734-012", now, 1, new Body.HealthBatch(List.of(first, second)));
        // A resend regrouped under a new envelope id, then the last sample alone as a plain message.
        Envelope regrouped = Envelope.create("26734-012", now, 2, new Body.HealthBatch(List.of(second, third)));
        Envelope alone = new Envelope(Envelope.CURRENT_VERSION, third.id(), "26734-012", third.ts(), third.seq(),
                third.health());
        double duplicatesBefore = fleet.metric("fleet_records_duplicate_total");
        try (RecordingMqttClient kiosk = KioskMqtt.connect(fleet.mqttUrl(), "26734-012", "26734-012",
                "secret-of-kiosk-012")) {
            kiosk.subscribe(Topics.of("26734-012", Channel.STORED));
            kiosk.publish(batch);
            kiosk.publish(regrouped);
            kiosk.publish(alone);

            // Each message is confirmed by its own id: that is what the kiosk's outbox waits for.
            for (Envelope sent : List.of(batch, regrouped, alone)) {
                kiosk.awaitEnvelope(e -> e.body() instanceof Body.Stored stored
                        && stored.messageIds().contains(sent.id()));
            }
        }
        await().atMost(WAIT).until(() -> fleet.metric("fleet_records_duplicate_total") - duplicatesBefore == 2);
        JsonNode samples = fleet.getJson("/api/kiosks/26734-012/health");
        assertThat(samples.findValues("seq")).extracting(JsonNode::asLong).containsExactly(1L, 2L, 3L);
        assertThat(fleet.server.telemetry().count("health", "26734-012")).isEqualTo(3);
        assertThat(find(fleet.getJson("/api/kiosks"), "26734-012").path("lastHealth").path("cpuTemperatureC")
                .asDouble()).isEqualTo(42.0);
    }

    @Test
    void badPayloadsAreRefusedWithTheirReasonKeptAndNothingElseIsLost() throws Exception {
        fleet.enroll("26734-004", "secret-of-kiosk-004");
        String health = Topics.of("26734-004", Channel.HEALTH);
        String validJson = new String(Codec.encode(Envelope.create("26734-004", 1, 1, health(40))), UTF_8);
        Map<String, byte[]> bad = Map.of(
                "malformed", "{\"v\":1,".getBytes(UTF_8),
                "unknown-version", validJson.replace("\"v\":1", "\"v\":9").getBytes(UTF_8),
                "too-large", ("{\"v\":1,\"pad\":\"" + "x".repeat(Codec.MAX_PAYLOAD_BYTES) + "\"}").getBytes(UTF_8),
                "kiosk-mismatch", Codec.encode(Envelope.create("26734-099", 1, 1, health(40))),
                "wrong-channel", Codec.encode(Envelope.create("26734-004", 1, 1,
                        new Body.Status(Body.Presence.ONLINE, null))));
        Map<String, Double> before = new java.util.HashMap<>();
        for (String reason : bad.keySet()) {
            before.put(reason, fleet.metric("fleet_messages_rejected_total{reason=\"" + reason + "\"}"));
        }
        long rejectedRowsBefore = fleet.server.telemetry().countRejected();

        try (RecordingMqttClient kiosk = KioskMqtt.connect(fleet.mqttUrl(), "26734-004", "26734-004",
                "secret-of-kiosk-004")) {
            for (byte[] payload : bad.values()) {
                assertThat(kiosk.publish(health, payload, false)).containsOnly(0);
            }
            kiosk.publish(Envelope.create("26734-004", System.currentTimeMillis(), 2, health(41)));
        }

        await().atMost(WAIT).until(() -> fleet.server.telemetry().count("health", "26734-004") == 1);
        for (String reason : bad.keySet()) {
            assertThat(fleet.metric("fleet_messages_rejected_total{reason=\"" + reason + "\"}"))
                    .as(reason).isEqualTo(before.get(reason) + 1);
        }
        assertThat(fleet.server.telemetry().countRejected()).isEqualTo(rejectedRowsBefore + bad.size());
        assertThat(fleet.get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsIncludeTheJvmsHeap() throws Exception {
        // The storm benchmark and operators read the server's heap here (jvm_memory_used_bytes).
        assertThat(fleet.metric("jvm_memory_used_bytes{area=\"heap\"}")).isPositive();
        assertThat(fleet.metric("jvm_memory_max_bytes{area=\"heap\"}")).isPositive();
    }

    @Test
    void aWrongPasswordIsRefusedAndCounted() throws Exception {
        fleet.enroll("26734-005", "secret-of-kiosk-005");
        double before = fleet.metric("fleet_broker_refused_total{reason=\"wrong-password\"}");

        assertThatThrownBy(() -> KioskMqtt.connect(fleet.mqttUrl(), "26734-005", "26734-005", "not-the-secret"))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(134));

        assertThat(fleet.metric("fleet_broker_refused_total{reason=\"wrong-password\"}")).isEqualTo(before + 1);
    }

    @Test
    void aKioskCannotUseAnotherKiosksClientIdOrUnknownName() throws Exception {
        fleet.enroll("26734-006", "secret-of-kiosk-006");

        assertThatThrownBy(() -> KioskMqtt.connect(fleet.mqttUrl(), "26734-001", "26734-006", "secret-of-kiosk-006"))
                .isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> KioskMqtt.connect(fleet.mqttUrl(), "99999-001", "99999-001", "whatever-secret"))
                .isInstanceOf(MqttException.class);
        assertThat(fleet.metric("fleet_broker_refused_total{reason=\"client-id-mismatch\"}")).isPositive();
        assertThat(fleet.metric("fleet_broker_refused_total{reason=\"unknown-kiosk\"}")).isPositive();
    }

    @Test
    void aKioskPublishingUnderAnotherKiosksTopicIsRefusedAndDisconnected() throws Exception {
        fleet.enroll("26734-007", "secret-of-kiosk-007");
        fleet.enroll("26734-008", "secret-of-kiosk-008");
        double before = fleet.metric("fleet_broker_refused_total{reason=\"acl-publish\"}");
        RecordingMqttClient intruder = KioskMqtt.connect(fleet.mqttUrl(), "26734-007", "26734-007", "secret-of-kiosk-007");

        int[] codes = intruder.publish(Envelope.create("26734-008", 1, 1, health(99)));

        assertThat(codes).containsExactly(135);
        await().atMost(WAIT).until(() -> !intruder.isConnected());
        assertThat(fleet.metric("fleet_broker_refused_total{reason=\"acl-publish\"}")).isEqualTo(before + 1);
        assertThat(fleet.server.telemetry().count("health", "26734-008")).isZero();
        intruder.close();
    }

    @Test
    void aRevokedKioskIsDroppedAndRefused() throws Exception {
        fleet.enroll("26734-009", "secret-of-kiosk-009");
        RecordingMqttClient kiosk = KioskMqtt.connect(fleet.mqttUrl(), "26734-009", "26734-009", "secret-of-kiosk-009");

        assertThat(fleet.admin("POST", "/api/admin/kiosks/26734-009/revoke", null).statusCode()).isEqualTo(200);

        await().atMost(WAIT).until(() -> !kiosk.isConnected());
        kiosk.close();
        assertThatThrownBy(() -> KioskMqtt.connect(fleet.mqttUrl(), "26734-009", "26734-009", "secret-of-kiosk-009"))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(138));
        assertThat(fleet.metric("fleet_broker_refused_total{reason=\"revoked-kiosk\"}")).isPositive();
        assertThat(fleet.getJson("/api/kiosks/26734-009").get("revoked").asBoolean()).isTrue();
    }

    @Test
    void adminEndpointsNeedTheTokenAndValidInput() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var unauthenticated = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + fleet.server.httpPort() + "/api/admin/kiosks/26734-010"))
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"commune\":\"26734\",\"secret\":\"0123456789abcdef\"}"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(fleet.admin("PUT", "/api/admin/kiosks/26734-010", "{\"commune\":\"xx\",\"secret\":\"0123456789abcdef\"}")
                .body()).contains("5-digit");
        assertThat(fleet.admin("PUT", "/api/admin/kiosks/26734-010", "{\"commune\":\"26734\",\"secret\":\"short\"}")
                .statusCode()).isEqualTo(400);
        assertThat(fleet.admin("PUT", "/api/admin/kiosks/Bad%20Id", "{}").statusCode()).isEqualTo(400);
        assertThat(fleet.admin("PUT", "/api/admin/kiosks/26734-010", "{not json").statusCode()).isEqualTo(400);
        assertThat(fleet.admin("GET", "/api/admin/kiosks/26734-404", null).statusCode()).isEqualTo(404);
        assertThat(fleet.get("/api/kiosks/26734-001/health?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(fleet.get("/api/nothing").statusCode()).isEqualTo(404);
    }

    static JsonNode find(JsonNode kiosks, String id) {
        for (JsonNode kiosk : kiosks) {
            if (kiosk.get("id").asText().equals(id)) {
                return kiosk;
            }
        }
        throw new AssertionError("kiosk " + id + " not listed in " + kiosks);
    }
}
