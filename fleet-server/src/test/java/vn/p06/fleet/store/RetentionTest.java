package vn.p06.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.testsupport.MutableClock;

/** Old health goes, recent health and every usage event stay (on H2 and PostgreSQL). */
class RetentionTest {

    @Test
    void prunesOnlyTimeSeriesOlderThanTheRetentionInBatches(@TempDir Path dir) throws Exception {
        Instant now = Instant.parse("2026-11-23T07:30:00Z");
        try (Database database = TestStores.open(dir)) {
            // 12,000 old samples (more than two delete batches) and 50 recent ones.
            insertHealth(database, now.minus(Duration.ofDays(120)), 12_000);
            insertHealth(database, now.minus(Duration.ofDays(10)), 50);
            insertEvents(database, now.minus(Duration.ofDays(400)), 30);

            long removed = new Retention(database, new MutableClock(now), Duration.ofDays(90)).prune();

            assertThat(removed).isEqualTo(12_000);
            assertThat(count(database, "health")).isEqualTo(50);
            assertThat(count(database, "usage_events")).isEqualTo(30);
            assertThat(new Retention(database, new MutableClock(now), Duration.ofDays(90)).prune()).isZero();
        }
    }

    private static void insertHealth(Database database, Instant received, int rows) throws Exception {
        try (Connection connection = database.connection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO health (msg_id, kiosk_id, kiosk_ts, "
                     + "received_at, seq, load_average_1m, memory_total, memory_available, disk_total, disk_free, "
                     + "uptime_seconds, body) VALUES (?, '26734-001', ?, ?, ?, 0.1, 1, 1, 1, 1, 1, '{}')")) {
            for (int i = 0; i < rows; i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setLong(2, received.toEpochMilli());
                insert.setTimestamp(3, Timestamp.from(received));
                insert.setLong(4, i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void insertEvents(Database database, Instant received, int rows) throws Exception {
        try (Connection connection = database.connection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO usage_events (event_id, kiosk_id, "
                     + "batch_id, kiosk_ts, received_at, seq, kind, attributes) VALUES (?, '26734-001', ?, ?, ?, ?, "
                     + "'session.start', '{}')")) {
            for (int i = 0; i < rows; i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, UUID.randomUUID());
                insert.setLong(3, received.toEpochMilli());
                insert.setTimestamp(4, Timestamp.from(received));
                insert.setLong(5, i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static long count(Database database, String table) {
        return Sql.query(database, "SELECT count(*) FROM " + table, statement -> { }, rs -> rs.getLong(1)).get(0);
    }
}
