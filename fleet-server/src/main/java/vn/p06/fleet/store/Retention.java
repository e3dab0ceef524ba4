package vn.p06.fleet.store;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes time-series rows older than the retention period: health samples, reported states and
 * refused messages. Usage events are the analytics record and are kept. Deletes in bounded
 * batches (one short transaction each) so that ingest, which writes the same tables, never waits
 * behind one huge delete; the plain {@code IN (SELECT … LIMIT n)} form works on H2 and PostgreSQL.
 * Run it under a {@link JobLeases} lease so that only one instance prunes.
 */
public final class Retention {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final int BATCH = 5_000;

    private record Table(String name, String key) {
    }

    private static final List<Table> TABLES = List.of(
            new Table("health", "msg_id"),
            new Table("reported_states", "msg_id"),
            new Table("rejected_messages", "id"));

    private final Database database;
    private final Clock clock;
    private final Duration keep;

    public Retention(Database database, Clock clock, Duration keep) {
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + keep);
        }
        this.database = database;
        this.clock = clock;
        this.keep = keep;
    }

    /** Deletes everything received before now − retention; returns the number of rows removed. */
    public long prune() {
        Instant before = clock.instant().minus(keep);
        long removed = 0;
        for (Table table : TABLES) {
            String sql = "DELETE FROM " + table.name() + " WHERE " + table.key() + " IN (SELECT " + table.key()
                    + " FROM " + table.name() + " WHERE received_at < ? LIMIT " + BATCH + ")";
            int batch;
            do {
                batch = Sql.update(database, sql, statement -> statement.setTimestamp(1, Timestamp.from(before)));
                removed += batch;
            } while (batch == BATCH);
        }
        if (removed > 0) {
            log.info("retention: removed {} rows received before {}", removed, before);
        }
        return removed;
    }
}
