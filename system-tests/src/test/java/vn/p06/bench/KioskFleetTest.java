package vn.p06.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.FleetConfig;
import vn.p06.fleet.FleetServer;
import vn.p06.fleet.broker.EmbeddedBroker;

/** The storm generator against a real fleet server: every simulated kiosk ends caught up by real confirmations. */
class KioskFleetTest {
    private static final String SECRET = "fleet-test-secret-0123";

    @TempDir
    Path dir;

    @Test
    void twentyKiosksReconnectFlushTheirBacklogAndAreConfirmedStored() throws Exception {
        int mqttPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            mqttPort = socket.getLocalPort();
        }
        FleetConfig config = new FleetConfig(dir, "127.0.0.1", 0, mqttPort, Optional.empty(),
                EmbeddedBroker.Persistence.FILE, IngestBenchmark.ADMIN, "tcp://127.0.0.1:" + mqttPort,
                "http://127.0.0.1:0", "storm-test");
        try (FleetServer server = FleetServer.start(config, Clock.systemUTC());
             KioskFleet fleet = new KioskFleet(new KioskFleet.Settings("127.0.0.1", mqttPort, null, SECRET,
                     Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ZERO, 0, 50, true),
                     1)) {
            // One enrollment over the API; the others share its Argon2id hash (one hash each would double the time).
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(String.format("26734-%03d", i));
            }
            IngestBenchmark.enroll(server.httpPort(), ids.get(0), SECRET);
            String hash = server.kiosks().credential(ids.get(0)).orElseThrow().secretHash();
            for (String id : ids) {
                if (!id.equals(ids.get(0))) {
                    server.kiosks().enroll(id, "26734", hash, Instant.now());
                }
                fleet.add(id);
            }

            // 6 minutes offline: 12 health samples and two visits of 5 usage events per kiosk.
            long records = fleet.storm(0.1);

            assertThat(records).isEqualTo(20 * 22);
            await("every kiosk caught up").atMost(Duration.ofSeconds(60))
                    .until(() -> fleet.stats().caughtUp.get() == 20);
            assertThat(fleet.stats().connected.get()).isEqualTo(20);
            assertThat(fleet.stats().recordsConfirmed.sum()).isEqualTo(records);
            for (String id : ids) {
                assertThat(server.telemetry().count("health", id)).as(id).isEqualTo(12);
                assertThat(server.telemetry().count("usage_events", id)).as(id).isEqualTo(10);
            }
            await("every kiosk online").atMost(Duration.ofSeconds(10))
                    .until(() -> server.kiosks().countOnline() == 20);
        }
    }
}
