package vn.p06.system;

import vn.p06.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.p06.fleet.store.Database;
import vn.p06.kiosk.telemetry.OutboxPolicy;
import vn.p06.protocol.Body;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.provisioning.ProvisioningMain;

/**
 * Telemetry that never loses a record, on the real parts: the fleet server as its own process
 * (embedded broker with file persistence, H2 file), a kiosk outbox on an H2 file, Paho links.
 * Every test counts by id in the server's database: nothing lost, nothing doubled.
 */
class TelemetryFaultTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    @TempDir
    Path dir;

    @Test
    void aKioskOfflineForAWeekAndRestartedCatchesUpWithNothingLostOrDoubled() throws Exception {
        try (FleetProcess fleet = new FleetProcess(dir.resolve("fleet"), freePort(), freePort()).start()) {
            EnrollmentBundle bundle = enroll(fleet);
            MutableClock clock = new MutableClock(Instant.parse("2026-11-15T17:00:00Z")); // Monday 00:00 in Vietnam
            OutboxPolicy policy = new OutboxPolicy(500_000, Duration.ofDays(14), 500);
            Set<String> health = new HashSet<>();
            Set<String> events = new HashSet<>();

            // A week without a link: a health sample every 5 minutes, visits in office hours.
            try (TestKiosk offline = new TestKiosk(bundle, dir.resolve("kiosk"), clock, policy)) {
                for (int step = 0; step < 7 * 24 * 12; step++) {
                    health.add(offline.sampleHealth());
                    ZonedDateTime local = clock.instant().atZone(VIETNAM);
                    boolean open = local.getDayOfWeek().getValue() <= 5 && local.getHour() >= 8 && local.getHour() < 17;
                    if (open) {
                        events.add(offline.outbox.appendEvent(bundle.kioskId(), "service.viewed",
                                Map.of("service", "residence-temporary")).id());
                    }
                    clock.advance(Duration.ofMinutes(5));
                }
            } // closed without sending: what a power cut between write and send leaves

            try (TestKiosk back = new TestKiosk(bundle, dir.resolve("kiosk"), clock, policy)) {
                assertThat(back.outbox.countAll()).isEqualTo(health.size() + events.size());
                back.goOnline();
                await().atMost(PATIENCE).until(() -> back.outbox.countAll() == 0);
            }
            // The week's samples travelled as health-batch messages, not one message each.
            assertThat(messagesIn(fleet, "health-batch")).isBetween((double) (2016 / Body.MAX_SAMPLES_PER_HEALTH_BATCH),
                    2016 / 50.0);
            assertThat(messagesIn(fleet, "health")).isLessThanOrEqualTo(1.0); // a lone last sample goes plain
            fleet.stop();
            assertThat(ids(fleet, "SELECT msg_id FROM health WHERE kiosk_id = ?", bundle.kioskId())).isEqualTo(health);
            assertThat(ids(fleet, "SELECT event_id FROM usage_events WHERE kiosk_id = ?", bundle.kioskId()))
                    .isEqualTo(events);
            assertThat(health).hasSize(2016);
            assertThat(events).hasSize(5 * 9 * 12);
        }
    }

    @Test
    void aServerKilledMidStreamLosesAndDoublesNothing() throws Exception {
        try (FleetProcess fleet = new FleetProcess(dir.resolve("fleet"), freePort(), freePort()).start()) {
            EnrollmentBundle bundle = enroll(fleet);
            Set<String> written = ConcurrentHashMap.newKeySet();
            try (TestKiosk kiosk = new TestKiosk(bundle, dir.resolve("kiosk"), Clock.systemUTC(),
                    new OutboxPolicy(500_000, Duration.ofDays(14), 2_000))) {
                kiosk.goOnline();
                Thread producer = new Thread(() -> {
                    try {
                        for (int i = 0; i < 3_000; i++) {
                            written.add(kiosk.outbox.appendEvent(bundle.kioskId(), "video.played",
                                    Map.of("seconds", Integer.toString(i % 300))).id());
                            if (i % 10 == 0) {
                                written.add(kiosk.sampleHealth());
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                producer.start();
                await().atMost(PATIENCE).until(() -> written.size() > 800);

                fleet.kill();
                fleet.start();

                producer.join();
                await().atMost(PATIENCE).until(() -> kiosk.outbox.countAll() == 0);
            }
            fleet.stop();
            Set<String> stored = new HashSet<>(ids(fleet, "SELECT msg_id FROM health WHERE kiosk_id = ?", bundle.kioskId()));
            stored.addAll(ids(fleet, "SELECT event_id FROM usage_events WHERE kiosk_id = ?", bundle.kioskId()));
            assertThat(stored).hasSize(3_300).isEqualTo(written);
        }
    }

    private EnrollmentBundle enroll(FleetProcess fleet) throws IOException {
        int exit = new CommandLine(new ProvisioningMain()).execute("enroll", "--server", fleet.url(),
                "--admin-token-file", fleet.tokenFile().toString(), "--commune", "26734", "--count", "1",
                "--out", dir.resolve("bundles").toString());
        assertThat(exit).isZero();
        return EnrollmentBundle.read(dir.resolve("bundles").resolve(EnrollmentBundle.fileName("26734-001")));
    }

    /** Reads ids from the server's H2 file once the server has stopped (H2 locks the file while it runs). */
    private static Set<String> ids(FleetProcess fleet, String sql, String kioskId) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Database database = Database.openH2(fleet.databaseDir());
             Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, kioskId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    assertThat(ids.add(rs.getString(1))).as("duplicate row").isTrue();
                }
            }
        }
        return ids;
    }

    /** The server's own count of received messages of one type, from its Prometheus page. */
    private static double messagesIn(FleetProcess fleet, String type) throws Exception {
        String page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(fleet.url() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        String prefix = "fleet_messages_in_total{type=\"" + type + "\"} ";
        return page.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).sum();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
