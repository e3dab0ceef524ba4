package vn.p06.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import vn.p06.fleet.KioskMqtt;
import vn.p06.fleet.TestFleet;
import vn.p06.fleet.auth.Role;
import vn.p06.fleet.content.SimKiosk;
import vn.p06.protocol.content.ContentKey;
import vn.p06.testsupport.RecordingMqttClient;

/**
 * What the dashboard's browser tests stand on: a real fleet server on loopback, one user per
 * role (all with {@link #PASSWORD}), simulated kiosks enrolled with their own secrets, and headless
 * Chromium on the dashboard. {@link #close()} takes it down browser first, fleet last.
 */
final class BrowserFleet implements AutoCloseable {
    static final String PASSWORD = "correct-horse-battery";

    final TestFleet fleet;
    final HeadlessChromium browser;
    private final Deque<AutoCloseable> kiosks = new ArrayDeque<>();

    private BrowserFleet(TestFleet fleet, HeadlessChromium browser) {
        this.fleet = fleet;
        this.browser = browser;
    }

    /** @param dir an empty directory for the server's data and the browser's profile */
    static BrowserFleet start(Path dir) throws Exception {
        TestFleet fleet = TestFleet.start(Files.createDirectories(dir.resolve("fleet")));
        try {
            fleet.server.users().upsert("it-lan", Role.IT_STAFF, "Nguyễn Thị Lan", PASSWORD, Instant.now());
            fleet.server.users().upsert("trainer-minh", Role.TRAINER, "Trần Văn Minh", PASSWORD, Instant.now());
            fleet.server.users().upsert("viewer-hoa", Role.VIEWER, "Lê Hoa", PASSWORD, Instant.now());
            fleet.server.users().upsert("admin-an", Role.ADMIN, "Phạm An", PASSWORD, Instant.now());
            return new BrowserFleet(fleet, new HeadlessChromium(fleet.httpUrl(),
                    Files.createDirectories(dir.resolve("browser-profile"))));
        } catch (Exception | AssertionError e) {
            fleet.close();
            throw e;
        }
    }

    /** The secret a kiosk of this fixture is enrolled with (its MQTT and HTTP Basic password). */
    static String secretOf(String kioskId) {
        return "secret-of-" + kioskId + "-0123456789";
    }

    /** A kiosk as the agent connects: its own MQTT login and retained "offline" will stamped {@code connectedAt}. */
    RecordingMqttClient mqttKiosk(String id, long connectedAt) throws Exception {
        enroll(id);
        return closedLater(KioskMqtt.connect(fleet.mqttUrl(), id, id, secretOf(id), id, connectedAt));
    }

    /** A kiosk as the content updater behaves, pinned to the content key its enrollment answered with. */
    SimKiosk contentKiosk(String id) throws Exception {
        PublicKey pinned = enroll(id);
        return closedLater(new SimKiosk(id, secretOf(id), fleet.mqttUrl(), fleet.httpUrl(), pinned));
    }

    /** Enrolls through the admin API and returns the content key the answer pins. */
    private PublicKey enroll(String id) throws Exception {
        HttpResponse<String> enrolled = fleet.admin("PUT", "/api/admin/kiosks/" + id,
                "{\"commune\":\"" + id.substring(0, 5) + "\",\"secret\":\"" + secretOf(id) + "\"}");
        assertThat(enrolled.statusCode()).as(enrolled.body()).isIn(200, 201);
        return ContentKey.decodePublicKey(WebSession.JSON.readTree(enrolled.body()).get("contentPublicKey").asText());
    }

    private <T extends AutoCloseable> T closedLater(T kiosk) {
        kiosks.push(kiosk);
        return kiosk;
    }

    @Override
    public void close() throws Exception {
        try {
            browser.close();
            while (!kiosks.isEmpty()) {
                kiosks.pop().close();
            }
        } finally {
            fleet.close();
        }
    }
}
