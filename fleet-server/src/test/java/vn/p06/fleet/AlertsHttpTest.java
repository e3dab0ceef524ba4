package vn.p06.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.testsupport.MutableClock;

/** Alerts, rules and notification settings through the real HTTP API of a real fleet server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KIOSK = "26734-001";

    record Audit(String actor, String action, String target, String detail) {
    }

    /** What the server's audit log (its real table) holds. */
    private List<Audit> audit() {
        return fleet.server.audit().recent(10_000).stream()
                .map(e -> new Audit(e.actor(), e.action(), e.target(), e.detail())).toList();
    }

    @TempDir
    static Path dir;
    // whole milliseconds: the database keeps microseconds, and rounding would shift minutes by one
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    private TestFleet fleet;

    @BeforeAll
    void setUp() throws Exception {
        fleet = TestFleet.start(dir, clock);
        fleet.enroll(KIOSK, "secret-of-the-kiosk-0123456789");
    }

    @AfterAll
    void tearDown() {
        fleet.close();
    }

    private JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private String badRequest(String method, String path, String body) throws Exception {
        HttpResponse<String> response = fleet.admin(method, path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return JSON.readTree(response.body()).get("error").asText();
    }

    @Test
    void rulesAreListedAndEditedAndABadFieldIsNamed() throws Exception {
        JsonNode rules = ok(fleet.admin("GET", "/api/alert-rules", null));
        assertThat(rules).extracting(r -> r.get("rule").asText()).containsExactly("offline", "temperature", "disk",
                "printer-paper-out", "card-reader-missing", "rollout-failed", "certificate-expiring", "telemetry-gap");
        assertThat(rules.get(1).get("unit").asText()).isEqualTo("°C");
        assertThat(rules.get(1).has("description")).isTrue();

        String path = "/api/alert-rules/temperature";
        assertThat(badRequest("PUT", path, "{\"enabled\":true,\"threshold\":\"hot\",\"forSeconds\":60,\"severity\":\"warning\"}"))
                .startsWith("threshold");
        assertThat(badRequest("PUT", path, "{\"enabled\":true,\"threshold\":500,\"forSeconds\":60,\"severity\":\"warning\"}"))
                .startsWith("threshold").contains("20 to 150");
        assertThat(badRequest("PUT", path, "{\"enabled\":true,\"threshold\":75,\"forSeconds\":-1,\"severity\":\"warning\"}"))
                .startsWith("forSeconds");
        assertThat(badRequest("PUT", path, "{\"enabled\":true,\"threshold\":75,\"forSeconds\":60,\"severity\":\"urgent\"}"))
                .startsWith("severity");
        assertThat(badRequest("PUT", path, "{\"enabled\":\"yes\",\"threshold\":75,\"forSeconds\":60,\"severity\":\"warning\"}"))
                .startsWith("enabled");
        assertThat(badRequest("PUT", path, "{not json")).startsWith("bad JSON");
        assertThat(fleet.admin("PUT", "/api/alert-rules/humidity", "{}").statusCode()).isEqualTo(404);
        assertThat(ok(fleet.admin("GET", "/api/alert-rules", null)).get(1).get("threshold").asDouble())
                .as("nothing changed by refused edits").isEqualTo(80.0);

        JsonNode edited = ok(fleet.admin("PUT", path,
                "{\"enabled\":true,\"threshold\":75,\"forSeconds\":30,\"severity\":\"critical\"}"));
        assertThat(edited.get("threshold").asDouble()).isEqualTo(75.0);
        assertThat(edited.get("forSeconds").asInt()).isEqualTo(30);
        assertThat(edited.get("severity").asText()).isEqualTo("critical");
        assertThat(audit()).contains(new Audit("admin-token", "alert-rule.updated", "rule:temperature",
                "enabled=true threshold=75.0 forSeconds=30 severity=critical"));
        assertThat(fleet.getAnonymously("/api/alert-rules").statusCode()).as("no credentials").isEqualTo(401);
    }

    @Test
    void anAlertIsListedAcknowledgedAndResolvedThroughTheApi() throws Exception {
        fleet.server.kiosks().applyPresence(KIOSK, true, 1, "test", clock.instant());
        fleet.server.kiosks().applyPresence(KIOSK, false, 1, "test", clock.instant());
        clock.advance(Duration.ofMinutes(6));
        fleet.server.alerts().tick();

        JsonNode open = ok(fleet.admin("GET", "/api/alerts?kiosk=" + KIOSK, null));
        assertThat(open).hasSize(1);
        JsonNode alert = open.get(0);
        assertThat(alert.get("rule").asText()).isEqualTo("offline");
        assertThat(alert.get("state").asText()).isEqualTo("open");
        assertThat(alert.get("commune").asText()).isEqualTo("26734");
        assertThat(alert.get("value").asDouble()).isEqualTo(6.0);
        assertThat(Instant.parse(alert.get("openedAt").asText())).isNotNull();
        assertThat(alert.get("acknowledgedAt").isNull()).isTrue();
        assertThat(alert.get("notifications").isArray()).isTrue();
        String id = alert.get("id").asText();

        JsonNode acknowledged = ok(fleet.admin("POST", "/api/alerts/" + id + "/acknowledge", null));
        assertThat(acknowledged.get("state").asText()).isEqualTo("acknowledged");
        assertThat(acknowledged.get("acknowledgedBy").asText()).isEqualTo("admin-token");
        assertThat(ok(fleet.admin("GET", "/api/alerts?state=acknowledged", null))).hasSize(1);
        assertThat(ok(fleet.admin("GET", "/api/alerts?state=open", null))).isEmpty();

        JsonNode resolved = ok(fleet.admin("POST", "/api/alerts/" + id + "/resolve", null));
        assertThat(resolved.get("state").asText()).isEqualTo("resolved");
        assertThat(resolved.get("resolvedAt").isNull()).isFalse();
        assertThat(ok(fleet.admin("GET", "/api/alerts?state=resolved", null))).hasSize(1);
        assertThat(audit()).extracting(Audit::action).contains("alert.acknowledged", "alert.resolved");

        assertThat(fleet.admin("POST", "/api/alerts/no-such-alert/resolve", null).statusCode()).isEqualTo(404);
        assertThat(badRequest("GET", "/api/alerts?state=closed", null)).startsWith("state");
        fleet.server.kiosks().applyPresence(KIOSK, true, 2, "test", clock.instant());
    }

    @Test
    void notificationSettingsKeepThePasswordWriteOnly() throws Exception {
        assertThat(badRequest("PUT", "/api/notifications", "{\"webhookUrl\":\"ftp://x\"}")).startsWith("webhookUrl");
        assertThat(badRequest("PUT", "/api/notifications", "{\"smtpPort\":70000}")).startsWith("smtpPort");
        assertThat(badRequest("PUT", "/api/notifications", "{\"emailTo\":\"it@ubnd.vn, nobody\"}")).startsWith("emailTo");

        JsonNode saved = ok(fleet.admin("PUT", "/api/notifications", "{\"webhookUrl\":\"https://chat.example/hook\","
                + "\"smtpHost\":\"mail.example\",\"smtpPort\":587,\"smtpFrom\":\"fleet@example\","
                + "\"smtpPassword\":\"s3cret-pass\",\"emailTo\":\"it@example, duty@example\"}"));
        assertThat(saved.toString()).doesNotContain("s3cret-pass");
        JsonNode read = ok(fleet.admin("GET", "/api/notifications", null));
        assertThat(read.get("webhookUrl").asText()).isEqualTo("https://chat.example/hook");
        assertThat(read.get("smtpPort").asInt()).isEqualTo(587);
        assertThat(read.get("smtpPasswordSet").asBoolean()).isTrue();
        assertThat(read.toString()).doesNotContain("s3cret-pass");
        assertThat(audit()).extracting(Audit::action).contains("notifications.updated");
        assertThat(audit()).allSatisfy(entry -> assertThat(String.valueOf(entry.detail())).doesNotContain("s3cret-pass"));
        // a PUT without the password keeps it
        ok(fleet.admin("PUT", "/api/notifications", "{\"smtpHost\":\"mail.example\",\"emailTo\":\"it@example\"}"));
        assertThat(ok(fleet.admin("GET", "/api/notifications", null)).get("smtpPasswordSet").asBoolean()).isTrue();
        ok(fleet.admin("PUT", "/api/notifications", "{}"));
    }

    @Test
    void gapsAreReportedPerKiosk() throws Exception {
        JsonNode report = ok(fleet.admin("GET", "/api/kiosks/" + KIOSK + "/gaps", null));
        assertThat(report.get("kioskId").asText()).isEqualTo(KIOSK);
        assertThat(report.get("channels")).extracting(c -> c.get("channel").asText()).containsExactly("health", "events");
        assertThat(fleet.admin("GET", "/api/kiosks/nope-123/gaps", null).statusCode()).isEqualTo(404);
        assertThat(badRequest("GET", "/api/kiosks/" + KIOSK + "/gaps?from=yesterday", null)).startsWith("from");
    }
}
