package vn.p06.fleet.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.broker.ExternalBroker;
import vn.p06.fleet.broker.MqttBroker;
import vn.p06.testsupport.Mosquitto;

/** Two instances on one real Mosquitto: each sees the other's live events once, and never its own back. */
class LiveEventsBridgeTest {

    @Test
    void eventsCrossInstancesOnceAndAreNotEchoed(@TempDir Path dir) throws Exception {
        try (Mosquitto mosquitto = Mosquitto.start(dir, Map.of("_fleet-service", "service-password-0123"),
                "_fleet-service")) {
            MqttBroker broker = new ExternalBroker(mosquitto.url(),
                    new MqttBroker.ServiceCredentials("_fleet-service", "service-password-0123"));
            LiveEvents eventsA = new LiveEvents();
            LiveEvents eventsB = new LiveEvents();
            List<LiveEvents.Event> seenByA = new CopyOnWriteArrayList<>();
            List<LiveEvents.Event> seenByB = new CopyOnWriteArrayList<>();
            eventsA.subscribe(seenByA::add);
            eventsB.subscribe(seenByB::add);
            try (LiveEventsBridge a = new LiveEventsBridge(eventsA, broker, "instance-a").start();
                 LiveEventsBridge b = new LiveEventsBridge(eventsB, broker, "instance-b").start()) {
                eventsA.publish("presence", "26734-001", Map.of("kioskId", "26734-001", "online", false));

                await().atMost(Duration.ofSeconds(20)).until(() -> seenByB.size() == 1);
                LiveEvents.Event crossed = seenByB.get(0);
                assertThat(crossed.type()).isEqualTo("presence");
                assertThat(crossed.kioskId()).isEqualTo("26734-001");
                assertThat(crossed.origin()).isEqualTo("instance-a");
                assertThat(crossed.payload().toString()).contains("\"online\":false");

                // B's own event goes to A; the marker event proves A's queue has drained past any echo.
                eventsB.publish("marker", null, Map.of());
                await().atMost(Duration.ofSeconds(20)).until(() -> seenByA.stream().anyMatch(e -> e.type().equals("marker")));
                assertThat(seenByA).extracting(LiveEvents.Event::type).containsExactly("presence", "marker");
                assertThat(seenByB).extracting(LiveEvents.Event::type).containsExactly("presence", "marker");
            }
        }
    }
}
