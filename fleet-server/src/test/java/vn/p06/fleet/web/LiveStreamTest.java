package vn.p06.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.KioskMqtt;
import vn.p06.fleet.TestFleet;
import vn.p06.fleet.auth.Role;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;
import vn.p06.testsupport.RecordingMqttClient;

/**
 * The SSE stream over real HTTP: ingest's presence and health events reach a session with
 * FLEET_READ in the contract's shape; a trainer's stream carries content events only.
 */
class LiveStreamTest {
    private static final String PASSWORD = "correct-horse-battery";

    @TempDir
    static Path dataDir;
    static TestFleet fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = TestFleet.start(dataDir);
        fleet.server.users().upsert("viewer", Role.VIEWER, null, PASSWORD, Instant.now());
        fleet.server.users().upsert("trainer", Role.TRAINER, null, PASSWORD, Instant.now());
        fleet.enroll("26734-001", "secret-of-kiosk-001");
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    /** Collects the {@code event:} / {@code data:} pairs of one stream on a daemon thread. */
    private static List<String> listen(String username) throws Exception {
        WebSession session = new WebSession(fleet.httpUrl());
        assertThat(session.login(username, PASSWORD).statusCode()).isEqualTo(200);
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(fleet.httpUrl() + LiveStream.PATH)).header("Cookie", session.cookie)
                        .header("Accept-Encoding", "gzip") // as a browser asks; events must not wait in a gzip block
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        List<String> events = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String type = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("event: ")) {
                        type = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        events.add(type + " " + line.substring(6));
                    }
                }
            } catch (java.io.IOException e) {
                // stream closed with the server
            }
        }, "sse-" + username);
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    @Test
    void ingestsPresenceAndHealthReachAViewerButOnlyContentEventsReachATrainer() throws Exception {
        List<String> viewer = listen("viewer");
        List<String> trainer = listen("trainer");
        long connectedAt = System.currentTimeMillis();
        try (RecordingMqttClient kiosk = KioskMqtt.connect(fleet.mqttUrl(), "26734-001", "26734-001",
                "secret-of-kiosk-001", "26734-001", connectedAt)) {
            kiosk.publish(Envelope.create("26734-001", connectedAt, 1, new Body.Status(Body.Presence.ONLINE, "0.1.0")));
            kiosk.publish(Envelope.create("26734-001", connectedAt + 1, 2, new Body.Health(66.5, 0.25, 4,
                    4_000_000_000L, 1_000_000_000L, 32_000_000_000L, 8_000_000_000L, 100, List.of(), "Raspbian 12",
                    "17", "0.1.0", Map.of())));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(viewer)
                    .anySatisfy(event -> assertThat(event).startsWith("presence ")
                            .contains("\"kioskId\":\"26734-001\"").contains("\"online\":true"))
                    .anySatisfy(event -> assertThat(event).startsWith("health ")
                            .contains("\"cpuTemperatureC\":66.5").contains("\"diskFreeBytes\":8000000000")
                            .contains("\"memoryAvailableBytes\":1000000000").contains("\"loadAverage1m\":0.25")));
            fleet.server.live().publish("rollout", null, Map.of("release", "2026.11.23-1", "done", 3));
            await().atMost(Duration.ofSeconds(20)).until(() -> !trainer.isEmpty());
        }
        assertThat(trainer).allSatisfy(event -> assertThat(event).startsWith("rollout "));
        assertThat(viewer).anySatisfy(event -> assertThat(event).startsWith("rollout "));
    }
}
