package vn.p06.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;
import vn.p06.testsupport.RecordingMqttClient;

/** A fleet server restarted on the same data dir keeps what it stored and tells the truth about presence. */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void storedDataSurvivesARestartAndKiosksAreOfflineUntilTheyReconnect() throws Exception {
        int mqttPort = TestFleet.freePort();
        try (TestFleet fleet = TestFleet.start(dataDir, mqttPort)) {
            fleet.enroll("26734-001", "secret-of-kiosk-001");
            try (RecordingMqttClient kiosk = KioskMqtt.connect(fleet.mqttUrl(), "26734-001", "26734-001",
                    "secret-of-kiosk-001", "26734-001", 1_000)) {
                kiosk.publish(Envelope.create("26734-001", 1_000, 1, new Body.Status(Body.Presence.ONLINE, null)));
                kiosk.publish(Envelope.create("26734-001", 2_000, 1, FleetServerTest.health(45)));
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> fleet.server.telemetry().count("health", "26734-001") == 1
                                && fleet.server.kiosks().countOnline() == 1);
            }
        }

        try (TestFleet fleet = TestFleet.start(dataDir, mqttPort)) {
            assertThat(fleet.server.telemetry().count("health", "26734-001")).isEqualTo(1);
            assertThat(fleet.server.kiosks().countOnline()).isZero();
            // the credential survived too: the kiosk reconnects and is online again
            try (RecordingMqttClient kiosk = KioskMqtt.connect(fleet.mqttUrl(), "26734-001", "26734-001",
                    "secret-of-kiosk-001", "26734-001", 3_000)) {
                kiosk.publish(Envelope.create("26734-001", 3_000, 2, new Body.Status(Body.Presence.ONLINE, null)));
                await().atMost(Duration.ofSeconds(20)).until(() -> fleet.server.kiosks().countOnline() == 1);
            }
        }
    }
}
