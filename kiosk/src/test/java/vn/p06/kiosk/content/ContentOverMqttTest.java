package vn.p06.kiosk.content;

import static java.nio.charset.StandardCharsets.UTF_8;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.kiosk.AgentRuntime;
import vn.p06.kiosk.telemetry.MqttLink;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Codec;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;
import vn.p06.protocol.content.ContentKey;
import vn.p06.testsupport.Mosquitto;

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
        final List<Body.ReportedState> reported = new CopyOnWriteArrayList<>();
        final MqttClient client;

        Fleet(String url) throws Exception {
            client = new MqttClient(url, "fleet-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName("admin");
            options.setPassword("admin-pw".getBytes(UTF_8));
            // A callback, not subscribe(topic, qos, listener): that overload of Paho 1.2.5 recurses forever.
            client.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) throws Exception {
                    reported.add((Body.ReportedState) Codec.decode(topic, message.getPayload()).body());
                }

                @Override
                public void disconnected(MqttDisconnectResponse response) {
                }

                @Override
                public void mqttErrorOccurred(MqttException exception) {
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
            client.connect(options);
            client.subscribe(Topics.of(KIOSK, Channel.REPORTED), 1);
        }

        void desire(Body.DesiredState desired) throws Exception {
            Envelope envelope = Envelope.create(KIOSK, System.currentTimeMillis(), 1, desired);
            MqttMessage message = new MqttMessage(Codec.encode(envelope));
            message.setQos(1);
            message.setRetained(true);
            client.publish(envelope.topic(), message);
        }

        Body.ReportedState awaitFinal(String release) {
            return await().atMost(Duration.ofSeconds(60)).until(() -> reported.stream()
                    .filter(r -> (r.phase() == Body.ContentPhase.ACTIVE && release.equals(r.activeRelease()))
                            || (r.phase() == Body.ContentPhase.FAILED && release.equals(r.pendingRelease())))
                    .findFirst(), Optional::isPresent).get();
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
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
                assertThat(fleet.reported).extracting(Body.ReportedState::phase)
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
                await().atMost(Duration.ofSeconds(10)).until(() -> !late.reported.isEmpty());
                assertThat(late.reported.get(0).phase()).isEqualTo(Body.ContentPhase.FAILED);
                assertThat(late.reported.get(0).activeRelease()).isEqualTo("r1");
            }
        }
    }
}
