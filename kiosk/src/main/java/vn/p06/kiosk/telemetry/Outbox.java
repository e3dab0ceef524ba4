package vn.p06.kiosk.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.ProtocolException;

/**
 * The kiosk's store-and-forward buffer in an H2 file: every health sample, command ack and usage
 * event is committed here first and deleted only when the fleet server confirms it stored it
 * ({@code stored}), not merely on the broker's PUBACK: an embedded broker killed mid-stream lost
 * 73 to 305 of 3,300 PUBACKed records in our fault test. A record sent but not confirmed is sent
 * again after {@link #RESEND_AFTER}, then after twice as long each time up to {@link #MAX_RESEND_AFTER}
 * (a server still catching up with a storm is not sent the same backlog every 30 s), and every
 * unconfirmed record after a restart; the server's message ids make the repeats harmless. A kiosk that loses power, its link or its broker loses
 * nothing it had written.
 * <p>
 * One outbox serves every kiosk of the JVM (a simulation runs thousands), keyed by kiosk id.
 * Access is serialised on one connection: the kiosk writes a few records a minute.
 * <p>
 * Bounded by {@link OutboxPolicy}: when full, health samples are thinned before any usage event
 * is dropped, and every drop is counted and reported in the next health sample.
 */
public final class Outbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENVELOPE = "envelope";
    private static final String EVENT = "event";
    /** How long a sent record first waits for the server's confirmation before it is sent again. */
    public static final java.time.Duration RESEND_AFTER = java.time.Duration.ofSeconds(30);
    /** The longest wait, reached after five sends without a confirmation. */
    public static final java.time.Duration MAX_RESEND_AFTER = java.time.Duration.ofMinutes(10);

    /** A record waiting to be sent: either a whole envelope or one usage event. */
    public record Pending(long rowId, Envelope envelope, Body.UsageEvent event) {
    }

    private final String url;
    private final Clock clock;
    private final OutboxPolicy policy;
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();
    private Connection connection;

    private Outbox(String url, Clock clock, OutboxPolicy policy) {
        this.url = url;
        this.clock = clock;
        this.policy = policy;
    }

    /** Opens (creating if needed) {@code <dir>/outbox.mv.db}. */
    public static Outbox open(Path dir, Clock clock, OutboxPolicy policy) {
        // WRITE_DELAY=0: H2 otherwise keeps commits in memory for up to 500 ms, and a crash or a
        // full disk in that window loses records the caller was told were committed (a test saw
        // 738 committed events vanish).
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("outbox") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/outbox").load().migrate();
        Outbox outbox = new Outbox(url, clock, policy);
        outbox.forgetSent();
        log.info("outbox at {} holds {} records", dir, outbox.countAll());
        return outbox;
    }

    /** Commits a whole message (health, command ack, reported state) to be sent as is. */
    public synchronized void append(Envelope envelope) throws OutboxException {
        insert(envelope.kioskId(), ENVELOPE, envelope.type().channel(), Codec.encode(envelope));
    }

    /** Commits one usage event; its sequence number is the kiosk's own, kept across restarts. */
    public synchronized Body.UsageEvent appendEvent(String kioskId, String kind, Map<String, String> attributes)
            throws OutboxException {
        try {
            Connection c = connection();
            c.setAutoCommit(false);
            try {
                long seq = nextSequence(c, kioskId, Channel.EVENTS);
                Body.UsageEvent event = new Body.UsageEvent(Envelope.newId(), clock.millis(), seq, kind, attributes);
                insert(c, kioskId, EVENT, Channel.EVENTS, JSON.writeValueAsBytes(event));
                c.commit();
                return event;
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | IOException e) {
            throw failure(kioskId, e);
        }
    }

    /**
     * What to send next for a kiosk: the newest envelope first (live data is never starved by a
     * backlog), then the oldest records, at most {@code limit} in all; records sent and still
     * within their wait for confirmation are skipped.
     */
    public synchronized List<Pending> next(String kioskId, int limit) throws OutboxException {
        long now = clock.millis();
        try {
            Connection c = connection();
            List<Pending> pending = new ArrayList<>();
            try (PreparedStatement newest = c.prepareStatement("SELECT id, kind, payload FROM outbox "
                    + "WHERE kiosk_id = ? AND kind = ? AND (sent_at IS NULL OR resend_at <= ?) ORDER BY id DESC LIMIT 1")) {
                newest.setString(1, kioskId);
                newest.setString(2, ENVELOPE);
                newest.setLong(3, now);
                read(newest, pending);
            }
            try (PreparedStatement oldest = c.prepareStatement("SELECT id, kind, payload FROM outbox "
                    + "WHERE kiosk_id = ? AND (sent_at IS NULL OR resend_at <= ?) ORDER BY id LIMIT ?")) {
                oldest.setString(1, kioskId);
                oldest.setLong(2, now);
                oldest.setInt(3, limit);
                List<Pending> rows = new ArrayList<>();
                read(oldest, rows);
                for (Pending row : rows) {
                    if (pending.size() >= limit) {
                        break;
                    }
                    if (pending.isEmpty() || pending.get(0).rowId() != row.rowId()) {
                        pending.add(row);
                    }
                }
            }
            return pending;
        } catch (SQLException e) {
            throw failure(kioskId, e);
        }
    }

    /** Deletes records the server confirmed stored. */
    public synchronized void remove(List<Long> rowIds) throws OutboxException {
        update("DELETE FROM outbox WHERE id = ?", rowIds);
    }

    /**
     * Notes that the broker has these records; they wait for confirmation {@link #RESEND_AFTER}
     * after their first send, twice as long after each further one, at most {@link #MAX_RESEND_AFTER}.
     */
    public synchronized void markSent(List<Long> rowIds) throws OutboxException {
        long now = clock.millis();
        // The right-hand `sends` is the value before this send (SQL evaluates SET against the old row).
        update("UPDATE outbox SET sent_at = " + now + ", resend_at = " + now + " + LEAST(" + MAX_RESEND_AFTER.toMillis()
                + ", " + RESEND_AFTER.toMillis() + " * CAST(POWER(2, LEAST(sends, 16)) AS BIGINT)), sends = sends + 1 "
                + "WHERE id = ?", rowIds);
    }

    private void update(String sql, List<Long> rowIds) throws OutboxException {
        if (rowIds.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
            for (long id : rowIds) {
                statement.setLong(1, id);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw failure("*", e);
        }
    }

    /** After a restart nobody waits for a confirmation any more: every unconfirmed record goes again. */
    private void forgetSent() {
        try (Statement statement = connection().createStatement()) {
            statement.executeUpdate("UPDATE outbox SET sent_at = NULL, resend_at = NULL WHERE sent_at IS NOT NULL");
        } catch (SQLException e) {
            log.warn("outbox: could not reset sent marks: {}", e.getMessage());
        }
    }

    /** Applies the retention policy; run periodically and after an outage. */
    public synchronized void enforceRetention() throws OutboxException {
        try {
            Connection c = connection();
            long cutoff = clock.millis() - policy.maxHealthAge().toMillis();
            dropOldHealth(c, cutoff);
            while (countAll() > policy.maxRecords()) {
                if (!thinHealth(c)) {
                    dropOldestEvents(c, countAll() - policy.maxRecords());
                }
            }
        } catch (SQLException e) {
            throw failure("*", e);
        }
    }

    /** The figures a health sample carries. */
    public synchronized Body.OutboxStats stats(String kioskId) {
        Counters counter = counters(kioskId);
        try (PreparedStatement query = connection().prepareStatement(
                "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE kiosk_id = ?")) {
            query.setString(1, kioskId);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                long pending = rs.getLong(1);
                long oldest = rs.getLong(2);
                long age = pending == 0 ? 0 : Math.max(0, (clock.millis() - oldest) / 1000);
                return new Body.OutboxStats(pending, age, counter.droppedHealth.get(), counter.droppedEvents.get(),
                        counter.lastError);
            }
        } catch (SQLException e) {
            return new Body.OutboxStats(0, 0, counter.droppedHealth.get(), counter.droppedEvents.get(),
                    reason(e));
        }
    }

    public synchronized long countAll() {
        try (Statement statement = connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM outbox")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            log.warn("outbox count failed: {}", e.getMessage());
            return 0;
        }
    }

    private void insert(String kioskId, String kind, Channel channel, byte[] payload) throws OutboxException {
        try {
            insert(connection(), kioskId, kind, channel, payload);
            counters(kioskId).lastError = null;
        } catch (SQLException e) {
            throw failure(kioskId, e);
        }
    }

    private void insert(Connection c, String kioskId, String kind, Channel channel, byte[] payload)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO outbox (kiosk_id, kind, channel, created_at, payload) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, kioskId);
            insert.setString(2, kind);
            insert.setString(3, channel.suffix());
            insert.setLong(4, clock.millis());
            insert.setBytes(5, payload);
            insert.executeUpdate();
        }
    }

    private static long nextSequence(Connection c, String kioskId, Channel channel) throws SQLException {
        long next = 1;
        try (PreparedStatement select = c.prepareStatement(
                "SELECT next_value FROM sequences WHERE kiosk_id = ? AND channel = ? FOR UPDATE")) {
            select.setString(1, kioskId);
            select.setString(2, channel.suffix());
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    next = rs.getLong(1);
                }
            }
        }
        try (PreparedStatement upsert = c.prepareStatement(
                "MERGE INTO sequences (kiosk_id, channel, next_value) KEY (kiosk_id, channel) VALUES (?, ?, ?)")) {
            upsert.setString(1, kioskId);
            upsert.setString(2, channel.suffix());
            upsert.setLong(3, next + 1);
            upsert.executeUpdate();
        }
        return next;
    }

    private void read(PreparedStatement query, List<Pending> into) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                byte[] payload = rs.getBytes(3);
                try {
                    if (ENVELOPE.equals(rs.getString(2))) {
                        into.add(new Pending(id, Codec.decode(payload), null));
                    } else {
                        into.add(new Pending(id, null, JSON.readValue(payload, Body.UsageEvent.class)));
                    }
                } catch (ProtocolException | IOException e) {
                    // Cannot happen for what we wrote ourselves; never let one bad row block the queue.
                    log.error("outbox row {} is unreadable and is dropped: {}", id, e.getMessage());
                    try (PreparedStatement delete = query.getConnection().prepareStatement(
                            "DELETE FROM outbox WHERE id = ?")) {
                        delete.setLong(1, id);
                        delete.executeUpdate();
                    }
                }
            }
        }
    }

    private void dropOldHealth(Connection c, long cutoff) throws SQLException {
        try (PreparedStatement count = c.prepareStatement("SELECT kiosk_id, COUNT(*) FROM outbox "
                + "WHERE channel = ? AND created_at < ? GROUP BY kiosk_id")) {
            count.setString(1, Channel.HEALTH.suffix());
            count.setLong(2, cutoff);
            try (ResultSet rs = count.executeQuery()) {
                while (rs.next()) {
                    counters(rs.getString(1)).droppedHealth.addAndGet(rs.getLong(2));
                }
            }
        }
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM outbox WHERE channel = ? AND created_at < ?")) {
            delete.setString(1, Channel.HEALTH.suffix());
            delete.setLong(2, cutoff);
            delete.executeUpdate();
        }
    }

    /** Deletes every other health sample (odd row ids); false when there is no health left. */
    private boolean thinHealth(Connection c) throws SQLException {
        Map<Long, String> victims = new java.util.LinkedHashMap<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id, kiosk_id FROM outbox WHERE channel = ? ORDER BY id")) {
            select.setString(1, Channel.HEALTH.suffix());
            try (ResultSet rs = select.executeQuery()) {
                int index = 0;
                while (rs.next()) {
                    if (index++ % 2 == 0) {
                        victims.put(rs.getLong(1), rs.getString(2));
                    }
                }
            }
        }
        if (victims.isEmpty()) {
            return false;
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
            for (Map.Entry<Long, String> victim : victims.entrySet()) {
                delete.setLong(1, victim.getKey());
                delete.addBatch();
                counters(victim.getValue()).droppedHealth.incrementAndGet();
            }
            delete.executeBatch();
        }
        log.warn("outbox over {} records: thinned {} health samples", policy.maxRecords(), victims.size());
        return true;
    }

    private void dropOldestEvents(Connection c, long excess) throws SQLException {
        try (PreparedStatement count = c.prepareStatement("SELECT kiosk_id, COUNT(*) FROM (SELECT kiosk_id FROM outbox "
                + "ORDER BY id LIMIT ?) GROUP BY kiosk_id")) {
            count.setLong(1, excess);
            try (ResultSet rs = count.executeQuery()) {
                while (rs.next()) {
                    counters(rs.getString(1)).droppedEvents.addAndGet(rs.getLong(2));
                }
            }
        }
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT ?)")) {
            delete.setLong(1, excess);
            delete.executeUpdate();
        }
        log.error("outbox over {} records with no health left to thin: dropped the {} oldest usage events",
                policy.maxRecords(), excess);
    }

    private Counters counters(String kioskId) {
        return counters.computeIfAbsent(kioskId, id -> new Counters());
    }

    /**
     * A failed write (disk full, file gone) is reported to the caller and in the next health
     * sample; the connection is dropped so that the next call reopens the file, because H2 closes
     * a store after a failed write.
     */
    private OutboxException failure(String kioskId, Exception e) {
        String reason = reason(e);
        counters(kioskId).lastError = reason;
        closeConnection();
        return new OutboxException("outbox write failed: " + reason, e);
    }

    private static String reason(Exception e) {
        // H2 wraps the file system's answer a few causes deep ("Writing to ... failed").
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains("No space left on device")) {
                return "disk full";
            }
        }
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline);
        return message.length() > 200 ? message.substring(0, 200) : message;
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(url);
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("outbox connection close: {}", e.getMessage());
            }
            connection = null;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("outbox rollback: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        closeConnection();
    }

    private static final class Counters {
        final AtomicLong droppedHealth = new AtomicLong();
        final AtomicLong droppedEvents = new AtomicLong();
        volatile String lastError;
    }
}
