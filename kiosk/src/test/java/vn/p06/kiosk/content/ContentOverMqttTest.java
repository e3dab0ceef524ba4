package vn.p06.kiosk.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.kiosk.AgentRuntime;
import vn.p06.kiosk.telemetry.MqttLink;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;
import vn.p06.protocol.content.ContentKey;
import vn.p06.testsupport.Mosquitto;
import vn.p06.testsupport.RecordingMqttClient;

/**
 * The whole kiosk side on real parts: the kiosk agent (as {@code KioskMain} starts it) on a real
 * Mosquitto receives a retained desired state, fetches the release over HTTP on loopback, and its
 * reported state, retained, is what a fleet server subscribing later sees.
 */
class ContentOverMqttTest {
    static final String KIOSK = "26734-001";

    @TempDir
    Path dir;

    /** The fleet side: publishes desired state, collects reported state, as the server's service user would. */
    static final class Fleet implements AutoCloseable {
        final RecordingMqttClient client;

        Fleet(String url) throws Exception {
            client = RecordingMqttClient.connect(url, "admin", "admin-pw")
                    .subscribe(Topics.of(KIOSK, Channel.REPORTED));
        }

        List<Body.ReportedState> reported() {
            return client.received().stream().map(m -> (Body.ReportedState) m.envelope().body()).toList();
        }

        /** Retained, as the desired-state channel is. */
        void desire(Body.DesiredState desired) throws Exception {
            client.publish(Envelope.create(KIOSK, System.currentTimeMillis(), 1, desired));
        }

        Body.ReportedState awaitFinal(String release) {
            return await().atMost(Duration.ofSeconds(60)).until(() -> reported().stream()
                    .filter(r -> (r.phase() == Body.ContentPhase.ACTIVE && release.equals(r.activeRelease()))
                            || (r.phase() == Body.ContentPhase.FAILED && release.equals(r.pendingRelease())))
                    .findFirst(), Optional::isPresent).get();
        }

        @Override
        public void close() throws Exception {
            client.close();
        }
    }

    @Test
    void aPublishedReleaseIsActivatedAndATamperedOneRefusedAndReportedOverTheBroker() throws Exception {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("admin", "admin-pw");
        users.put(KIOSK, "kiosk-secret");
        Random random = new Random(3);
        Map<String, byte[]> videos = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            byte[] video = new byte[80_000];
            random.nextBytes(video);
            videos.put("attract-" + i + ".mp4", video);
        }
        try (Mosquitto mosquitto = Mosquitto.start(Files.createDirectories(dir.resolve("mosquitto")), users, "admin");
             ContentServer server = new ContentServer();
             Fleet fleet = new Fleet(mosquitto.url())) {
            EnrollmentBundle bundle = new EnrollmentBundle(KIOSK, "26734", mosquitto.url(), KIOSK, "kiosk-secret",
                    server.url(), ContentKey.encodePublicKey(server.key.getPublic()));
            ContentServer.Release r1 = server.publish("r1", videos);
            // Retained before the kiosk exists: it must find it on its first connect.
            fleet.desire(r1.desired());

            try (AgentRuntime kiosk = AgentRuntime.start(List.of(bundle), dir.resolve("data"), Duration.ofMinutes(10),
                    MqttLink.Options.defaults(), Optional.empty())) {
                Body.ReportedState active = fleet.awaitFinal("r1");
                assertThat(active.phase()).isEqualTo(Body.ContentPhase.ACTIVE);
                assertThat(fleet.reported()).extracting(Body.ReportedState::phase)
                        .contains(Body.ContentPhase.PENDING, Body.ContentPhase.DOWNLOADING, Body.ContentPhase.VERIFIED);
                assertThat(dir.resolve("data/content/current")).hasContent("r1");

                Map<String, byte[]> changed = new LinkedHashMap<>(videos);
                changed.put("attract-1.mp4", new byte[80_000]);
                ContentServer.Release r2 = server.publish("r2", changed);
                server.replace(r2.sha().get("attract-1.mp4"), new byte[80_000 - 1]);
                fleet.desire(r2.desired());

                Body.ReportedState failed = fleet.awaitFinal("r2");
                assertThat(failed.phase()).isEqualTo(Body.ContentPhase.FAILED);
                assertThat(failed.activeRelease()).isEqualTo("r1");
                assertThat(failed.detail()).contains("79999 bytes on the server, the manifest says 80000");
                assertThat(kiosk.content(KIOSK).orElseThrow().active()).map(ActiveRelease::name).contains("r1");
            }

            // A fleet server that subscribes later (a restart) reads the latest state, retained.
            try (Fleet late = new Fleet(mosquitto.url())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !late.reported().isEmpty());
                assertThat(late.reported().get(0).phase()).isEqualTo(Body.ContentPhase.FAILED);
                assertThat(late.reported().get(0).activeRelease()).isEqualTo("r1");
            }
        }
    }
}
