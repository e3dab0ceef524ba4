package vn.p06.fleet.store;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;

/**
 * Health samples, usage events, command acks and reported states, written in batches.
 * <p>
 * Exactly-once effect: every row is keyed by the id the kiosk gave it, and inserted with
 * {@code ON CONFLICT DO NOTHING} in the same transaction as the rest of the batch, so a message
 * delivered twice (broker redelivery, kiosk replay, server crash before the ack) counts once.
 */
public final class TelemetryRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;

    public TelemetryRepository(Database database) {
        this.database = database;
    }

    /** A stored health sample as the API returns it; {@code body} is the JSON the kiosk sent. */
    public record HealthSample(long ts, Instant receivedAt, long seq, @JsonRawValue String body) {
    }

    public IngestBatch.Result store(IngestBatch batch) {
        return Sql.inTransaction(database, connection -> {
            try (Statements statements = new Statements(connection)) {
                Map<String, Body.HealthSample> newestHealth = new HashMap<>();
                Map<String, Instant> lastSeen = new HashMap<>();
                for (IngestBatch.Accepted accepted : batch.accepted()) {
                    Envelope envelope = accepted.envelope();
                    statements.add(envelope, accepted.receivedAt());
                    lastSeen.merge(envelope.kioskId(), accepted.receivedAt(),
                            (a, b) -> a.isAfter(b) ? a : b);
                    for (Body.HealthSample sample : envelope.healthSamples()) {
                        newestHealth.merge(envelope.kioskId(), sample, (a, b) -> a.ts() >= b.ts() ? a : b);
                    }
                }
                for (IngestBatch.Rejected rejected : batch.rejected()) {
                    statements.add(rejected);
                }
                int[] counts = statements.execute();
                updateKiosks(connection, newestHealth, lastSeen);
                return new IngestBatch.Result(counts[0], counts[1], batch.rejected().size());
            }
        });
    }

    public List<HealthSample> health(String kioskId, long fromMillis, long toMillis, int limit) {
        return Sql.query(database, "SELECT kiosk_ts, received_at, seq, body FROM health "
                        + "WHERE kiosk_id = ? AND kiosk_ts >= ? AND kiosk_ts < ? ORDER BY kiosk_ts LIMIT ?",
                statement -> {
                    statement.setString(1, kioskId);
                    statement.setLong(2, fromMillis);
                    statement.setLong(3, toMillis);
                    statement.setInt(4, limit);
                },
                rs -> new HealthSample(rs.getLong(1), KioskRepository.instant(rs, "received_at"),
                        rs.getLong(3), rs.getString(4)));
    }

    /** Counts rows of a kind for a kiosk; tests and the load generator use it to prove no loss. */
    public long count(String table, String kioskId) {
        if (!List.of("health", "usage_events", "command_acks", "reported_states").contains(table)) {
            throw new IllegalArgumentException("no table " + table);
        }
        return Sql.query(database, "SELECT COUNT(*) FROM " + table + " WHERE kiosk_id = ?",
                statement -> statement.setString(1, kioskId), rs -> rs.getLong(1)).get(0);
    }

    public long countRejected() {
        return Sql.query(database, "SELECT COUNT(*) FROM rejected_messages", statement -> { },
                rs -> rs.getLong(1)).get(0);
    }

    private static void updateKiosks(Connection connection, Map<String, Body.HealthSample> newestHealth,
                                     Map<String, Instant> lastSeen) throws SQLException {
        try (PreparedStatement seen = connection.prepareStatement(
                "UPDATE kiosks SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)")) {
            for (Map.Entry<String, Instant> entry : lastSeen.entrySet()) {
                seen.setTimestamp(1, Timestamp.from(entry.getValue()));
                seen.setString(2, entry.getKey());
                seen.setTimestamp(3, Timestamp.from(entry.getValue()));
                seen.addBatch();
            }
            seen.executeBatch();
        }
        try (PreparedStatement latest = connection.prepareStatement(
                "UPDATE kiosks SET last_health = ?, last_health_ts = ? WHERE id = ? AND last_health_ts < ?")) {
            for (Map.Entry<String, Body.HealthSample> newest : newestHealth.entrySet()) {
                latest.setString(1, json(newest.getValue().health()));
                latest.setLong(2, newest.getValue().ts());
                latest.setString(3, newest.getKey());
                latest.setLong(4, newest.getValue().ts());
                latest.addBatch();
            }
            latest.executeBatch();
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One prepared statement per table, filled as JDBC batches and executed together. */
    private static final class Statements implements AutoCloseable {
        private final PreparedStatement health;
        private final PreparedStatement events;
        private final PreparedStatement acks;
        private final PreparedStatement reported;
        private final PreparedStatement rejected;
        private final List<PreparedStatement> keyed;

        Statements(Connection connection) throws SQLException {
            health = connection.prepareStatement("INSERT INTO health (msg_id, kiosk_id, kiosk_ts, received_at, seq, "
                    + "cpu_temperature_c, load_average_1m, memory_total, memory_available, disk_total, disk_free, "
                    + "uptime_seconds, body, outbox_dropped_health, outbox_dropped_events, outbox_oldest_age_seconds) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
            events = connection.prepareStatement("INSERT INTO usage_events (event_id, kiosk_id, batch_id, kiosk_ts, "
                    + "received_at, seq, kind, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
            acks = connection.prepareStatement("INSERT INTO command_acks (msg_id, kiosk_id, command_id, state, "
                    + "detail, kiosk_ts, received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
            reported = connection.prepareStatement("INSERT INTO reported_states (msg_id, kiosk_id, kiosk_ts, "
                    + "received_at, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
            rejected = connection.prepareStatement("INSERT INTO rejected_messages (received_at, topic, reason, "
                    + "detail, payload_size, payload_prefix) VALUES (?, ?, ?, ?, ?, ?)");
            keyed = List.of(health, events, acks, reported);
        }

        void add(Envelope envelope, Instant receivedAt) throws SQLException {
            UUID id = UUID.fromString(envelope.id());
            Timestamp received = Timestamp.from(receivedAt);
            Body body = envelope.body();
            if (body instanceof Body.Health || body instanceof Body.HealthBatch) {
                // Each sample under its own id: a batch regrouped on a resend still counts once.
                for (Body.HealthSample sample : envelope.healthSamples()) {
                    addHealth(envelope.kioskId(), sample, received);
                }
            } else if (body instanceof Body.EventBatch batch) {
                addEvents(envelope, id, received, batch);
            } else if (body instanceof Body.CommandAck ack) {
                acks.setObject(1, id);
                acks.setString(2, envelope.kioskId());
                acks.setString(3, ack.commandId());
                acks.setString(4, ack.state().wireName());
                acks.setString(5, ack.detail());
                acks.setLong(6, envelope.timestamp());
                acks.setTimestamp(7, received);
                acks.addBatch();
            } else if (body instanceof Body.ReportedState state) {
                reported.setObject(1, id);
                reported.setString(2, envelope.kioskId());
                reported.setLong(3, envelope.timestamp());
                reported.setTimestamp(4, received);
                reported.setString(5, json(state));
                reported.addBatch();
            } else {
                // status is presence; commands and desired state flow to kiosks, never in.
                throw new IllegalArgumentException(envelope.type().wireName() + " is not telemetry");
            }
        }

        private void addHealth(String kioskId, Body.HealthSample sample, Timestamp received) throws SQLException {
            Body.Health h = sample.health();
            health.setObject(1, UUID.fromString(sample.id()));
            health.setString(2, kioskId);
            health.setLong(3, sample.ts());
            health.setTimestamp(4, received);
            health.setLong(5, sample.seq());
            health.setObject(6, h.cpuTemperatureC());
            health.setDouble(7, h.loadAverage1m());
            health.setLong(8, h.memoryTotalBytes());
            health.setLong(9, h.memoryAvailableBytes());
            health.setLong(10, h.diskTotalBytes());
            health.setLong(11, h.diskFreeBytes());
            health.setLong(12, h.uptimeSeconds());
            health.setString(13, json(h));
            Body.OutboxStats outbox = h.outbox();
            health.setObject(14, outbox == null ? null : outbox.droppedHealth(), java.sql.Types.BIGINT);
            health.setObject(15, outbox == null ? null : outbox.droppedEvents(), java.sql.Types.BIGINT);
            health.setObject(16, outbox == null ? null : outbox.oldestAgeSeconds(), java.sql.Types.BIGINT);
            health.addBatch();
        }

        private void addEvents(Envelope envelope, UUID batchId, Timestamp received, Body.EventBatch batch)
                throws SQLException {
            for (Body.UsageEvent event : batch.events()) {
                events.setObject(1, UUID.fromString(event.id()));
                events.setString(2, envelope.kioskId());
                events.setObject(3, batchId);
                events.setLong(4, event.ts());
                events.setTimestamp(5, received);
                events.setLong(6, event.seq());
                events.setString(7, event.kind());
                events.setString(8, json(event.attributes()));
                events.addBatch();
            }
        }

        void add(IngestBatch.Rejected message) throws SQLException {
            rejected.setTimestamp(1, Timestamp.from(message.receivedAt()));
            rejected.setString(2, message.topic());
            rejected.setString(3, message.reason());
            rejected.setString(4, message.detail());
            rejected.setInt(5, message.payloadSize());
            rejected.setBytes(6, message.payloadPrefix());
            rejected.addBatch();
        }

        /** @return {stored, duplicates} over the keyed tables */
        int[] execute() throws SQLException {
            int stored = 0;
            int duplicates = 0;
            for (PreparedStatement statement : keyed) {
                for (int count : statement.executeBatch()) {
                    if (count > 0) {
                        stored++;
                    } else {
                        duplicates++;
                    }
                }
            }
            rejected.executeBatch();
            return new int[] {stored, duplicates};
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement statement : List.of(health, events, acks, reported, rejected)) {
                statement.close();
            }
        }
    }
}
