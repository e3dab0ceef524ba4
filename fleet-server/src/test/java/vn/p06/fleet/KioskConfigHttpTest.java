package vn.p06.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.auth.Role;
import vn.p06.fleet.web.WebSession;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;
import vn.p06.testsupport.RecordingMqttClient;

/**
 * A kiosk's config overlay over the real API: IT staff set it, it is checked with the kiosk's rules,
 * audited, stored (surviving a restart of the server) and published retained in the desired state.
 * Runs on H2 and, in the on-postgresql execution, on PostgreSQL.
 */
class KioskConfigHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KIOSK = "26734-001";
    private static final String SECRET = "secret-of-kiosk-a-0123456789";
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    private static WebSession login(TestFleet fleet, String name, Role role) throws Exception {
        fleet.server.users().upsert(name, role, null, PASSWORD, Instant.now());
        WebSession session = new WebSession(fleet.httpUrl());
        assertThat(session.login(name, PASSWORD).statusCode()).isEqualTo(200);
        return session;
    }

    private static Body.DesiredState desiredOn(RecordingMqttClient kiosk, long version) {
        return (Body.DesiredState) kiosk.awaitEnvelope(e -> e.body() instanceof Body.DesiredState d
                && d.configVersion() == version).body();
    }

    @Test
    void itStaffSetAnOverlayThatIsCheckedAuditedPublishedAndKept() throws Exception {
        int mqttPort = TestFleet.freePort();
        try (TestFleet fleet = TestFleet.start(dir, mqttPort)) {
            fleet.enroll(KIOSK, SECRET);
            WebSession it = login(fleet, "it-staff", Role.IT_STAFF);
            WebSession trainer = login(fleet, "trainer", Role.TRAINER);
            WebSession viewer = login(fleet, "viewer", Role.VIEWER);
            String path = "/api/kiosks/" + KIOSK + "/config";

            HttpResponse<String> set = it.send("PUT", path, "{\"kiosk.language\":\"en\",\"telemetry.health-interval-seconds\":60}");

            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            JsonNode view = JSON.readTree(set.body());
            assertThat(view.at("/desired/version").asLong()).isEqualTo(1);
            assertThat(view.at("/desired/values").toString())
                    .isEqualTo("{\"kiosk.language\":\"en\",\"telemetry.health-interval-seconds\":\"60\"}");
            assertThat(view.at("/desired/updatedBy").asText()).isEqualTo("it-staff");
            assertThat(fleet.server.audit().recent(100)).anySatisfy(entry -> {
                assertThat(entry.actor()).isEqualTo("it-staff");
                assertThat(entry.action()).isEqualTo("config.set");
                assertThat(entry.target()).isEqualTo(KIOSK);
                assertThat(entry.detail()).contains("version 1").contains("kiosk.language=en");
            });
            // retained: a kiosk that connects later gets it
            try (RecordingMqttClient kiosk = KioskMqtt.connect(fleet.mqttUrl(), KIOSK, KIOSK, SECRET)) {
                kiosk.subscribe(Topics.of(KIOSK, Channel.DESIRED));
                Body.DesiredState desired = desiredOn(kiosk, 1);
                assertThat(desired.config()).isEqualTo(Map.of("kiosk.language", "en",
                        "telemetry.health-interval-seconds", "60"));
                assertThat(desired.release()).isNull();
            }

            // a bad value: 400 naming each bad key, nothing stored, nothing audited
            HttpResponse<String> bad = it.send("PUT", path,
                    "{\"kiosk.language\":\"fr\",\"session.timeout-seconds\":5,\"paths.data-dir\":\"/\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("kiosk.language: must be vi or en")
                    .contains("session.timeout-seconds: must be greater than or equal to 30")
                    .contains("paths.data-dir: unknown key, or not one that can be changed remotely");
            assertThat(it.send("PUT", path, "{\"kiosk.language\":{\"nested\":1}}").body())
                    .contains("kiosk.language: must be text, a number or true/false");
            assertThat(it.send("PUT", path, "[\"kiosk.language\"]").statusCode()).isEqualTo(400);

            // trainers and viewers may not change it; viewers may read it
            assertThat(trainer.send("PUT", path, "{\"kiosk.language\":\"vi\"}").statusCode()).isEqualTo(403);
            assertThat(viewer.send("PUT", path, "{\"kiosk.language\":\"vi\"}").statusCode()).isEqualTo(403);
            assertThat(trainer.get(path).statusCode()).isEqualTo(403);
            assertThat(viewer.get(path).statusCode()).isEqualTo(200);
            assertThat(it.send("PUT", "/api/kiosks/nope/config", "{}").statusCode()).isEqualTo(404);
            assertThat(fleet.server.audit().recent(100)).filteredOn(e -> e.action().equals("config.set")).hasSize(1);

            // what the kiosk reports comes back on the same view
            try (RecordingMqttClient kiosk = KioskMqtt.connect(fleet.mqttUrl(), KIOSK, KIOSK, SECRET)) {
                kiosk.publish(Envelope.create(KIOSK, System.currentTimeMillis(), 1,
                        new Body.ReportedState(null, null, 0, 0, "config 1 refused: kiosk.language: must be vi or en")));
                JsonNode reported = await().until(() -> JSON.readTree(viewer.get(path).body()).get("reported"),
                        node -> !node.isNull());
                assertThat(reported.get("version").asLong()).isZero();
                assertThat(reported.get("detail").asText()).contains("kiosk.language");
            }
        }

        // a restart of the server keeps the overlay and its version; the next change is version 2
        try (TestFleet fleet = TestFleet.start(dir, mqttPort)) {
            WebSession it = login(fleet, "it-staff-2", Role.IT_STAFF);
            JsonNode view = it.json(it.get("/api/kiosks/" + KIOSK + "/config"));
            assertThat(view.at("/desired/version").asLong()).isEqualTo(1);
            assertThat(view.at("/desired/values/kiosk.language").asText()).isEqualTo("en");
            assertThat(JSON.readTree(it.send("PUT", "/api/kiosks/" + KIOSK + "/config", "{\"kiosk.language\":\"vi\"}")
                    .body()).at("/desired/version").asLong()).isEqualTo(2);
            assertThat(view.get("keys")).extracting(JsonNode::asText).containsAll(List.of("kiosk.language",
                    "telemetry.health-interval-seconds"));
        }
    }
}
