package vn.p06.fleet.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.Sql;

/**
 * Gaps in a kiosk's sequence numbers, per channel: what was lost between kiosk and server.
 * <p>
 * Health samples carry the envelope's {@code seq} (restarts at 1 with the kiosk process); usage events
 * their own {@code seq} (kept across restarts by the kiosk outbox). A jump is a gap; a sequence
 * that goes back is a restart, and a restart whose first number is above 1 lost the ones before it.
 * <p>
 * Not every gap is a loss: under retention pressure the kiosk outbox thins health samples and drops
 * the oldest usage events, and declares it in every health sample ({@code outbox.droppedHealth},
 * {@code droppedEvents}, counters since the kiosk process started). What the kiosk declared within
 * the window is subtracted: {@code lost = max(0, missing - declaredDropped)}. Nor is a record still
 * waiting in the kiosk's outbox a loss: {@code outboxOldestAgeSeconds} says how far back that reaches.
 */
public final class TelemetryGaps {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LISTED = 100;

    private final Database database;

    public TelemetryGaps(Database database) {
        this.database = database;
    }

    /** One missing run: the numbers after {@code afterSeq} up to before {@code beforeSeq} never arrived. */
    public record Gap(long afterSeq, long beforeSeq, long missing, Instant at) {
    }

    /**
     * @param restarts sequences that went back (kiosk process restarts)
     * @param gaps     the first {@value #MAX_LISTED} gaps, oldest first
     */
    public record ChannelGaps(String channel, long received, long missing, long declaredDropped, long lost,
                              int restarts, List<Gap> gaps) {
    }

    /** @param outboxOldestAgeSeconds from the newest health sample; null when the kiosk did not say */
    public record Report(String kioskId, Instant from, Instant to, Long outboxOldestAgeSeconds,
                         List<ChannelGaps> channels) {

        public long lost() {
            return channels.stream().mapToLong(ChannelGaps::lost).sum();
        }
    }

    /** A sample's sequence number and time, and the outbox figures it declared (null: none). */
    private record Row(long seq, long ts, Outbox outbox) {
    }

    private record Outbox(long droppedHealth, long droppedEvents, long oldestAgeSeconds) {
    }

    public Report report(String kioskId, Instant from, Instant to) {
        // The body only where the typed figures are missing (rows stored before V9): one JSON parse
        // per such row instead of one per sample.
        List<Row> health = Sql.query(database, "SELECT seq, kiosk_ts, outbox_dropped_health, outbox_dropped_events, "
                        + "outbox_oldest_age_seconds, CASE WHEN outbox_dropped_health IS NULL THEN body END FROM health "
                        + "WHERE kiosk_id = ? AND kiosk_ts >= ? AND kiosk_ts < ? ORDER BY kiosk_ts, seq",
                statement -> bind(statement, kioskId, from, to),
                rs -> new Row(rs.getLong(1), rs.getLong(2), rs.getObject(3) != null
                        ? new Outbox(rs.getLong(3), rs.getLong(4), rs.getLong(5)) : outbox(rs.getString(6))));
        List<Row> events = Sql.query(database, "SELECT seq, kiosk_ts FROM usage_events WHERE kiosk_id = ? "
                        + "AND kiosk_ts >= ? AND kiosk_ts < ? ORDER BY seq",
                statement -> bind(statement, kioskId, from, to),
                rs -> new Row(rs.getLong(1), rs.getLong(2), null));
        Long oldestPending = health.isEmpty() || health.get(health.size() - 1).outbox() == null ? null
                : health.get(health.size() - 1).outbox().oldestAgeSeconds();
        return new Report(kioskId, from, to, oldestPending, List.of(
                channel("health", health, declared(health, Outbox::droppedHealth)),
                channel("events", events, declared(health, Outbox::droppedEvents))));
    }

    private static void bind(java.sql.PreparedStatement statement, String kioskId, Instant from, Instant to)
            throws java.sql.SQLException {
        statement.setString(1, kioskId);
        statement.setLong(2, from.toEpochMilli());
        statement.setLong(3, to.toEpochMilli());
    }

    static ChannelGaps channel(String name, List<Row> rows, long declared) {
        long missing = 0;
        int restarts = 0;
        List<Gap> gaps = new ArrayList<>();
        Row previous = null;
        for (Row row : rows) {
            Gap gap = null;
            if (previous != null && row.seq() > previous.seq() + 1) {
                gap = new Gap(previous.seq(), row.seq(), row.seq() - previous.seq() - 1, Instant.ofEpochMilli(row.ts()));
            } else if (previous != null && row.seq() <= previous.seq()) {
                restarts++;
                if (row.seq() > 1) {
                    gap = new Gap(0, row.seq(), row.seq() - 1, Instant.ofEpochMilli(row.ts()));
                }
            }
            if (gap != null) {
                missing += gap.missing();
                if (gaps.size() < MAX_LISTED) {
                    gaps.add(gap);
                }
            }
            previous = row;
        }
        return new ChannelGaps(name, rows.size(), missing, declared, Math.max(0, missing - declared), restarts,
                List.copyOf(gaps));
    }

    /** What the kiosk declared dropped over the window: the rises of a counter that restarts with the process. */
    static long declared(List<Row> health, ToLongFunction<Outbox> counter) {
        long declared = 0;
        Long previous = null;
        for (Row row : health) {
            if (row.outbox() == null) {
                continue;
            }
            long value = counter.applyAsLong(row.outbox());
            if (previous != null) {
                declared += value >= previous ? value - previous : value;
            }
            previous = value;
        }
        return declared;
    }

    private static Outbox outbox(String body) {
        if (body == null) {
            return null;
        }
        try {
            JsonNode outbox = JSON.readTree(body).get("outbox");
            return outbox == null || !outbox.isObject() ? null : new Outbox(outbox.path("droppedHealth").asLong(),
                    outbox.path("droppedEvents").asLong(), outbox.path("oldestAgeSeconds").asLong());
        } catch (java.io.IOException e) {
            return null; // stored bodies were validated at ingest; an unreadable one declares nothing
        }
    }
}
