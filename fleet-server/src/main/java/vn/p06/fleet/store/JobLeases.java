package vn.p06.fleet.store;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Leases that make a periodic job run on exactly one fleet-server instance at a time, on either
 * store (plain SQL: no advisory locks, so H2 and PostgreSQL behave the same). An instance calls
 * {@link #acquire} before each run; it keeps the lease by renewing it within the time-to-live, and
 * another instance takes over once it has expired (the holder died). The fencing token rises with
 * every change of holder: {@link #stillHeld} tells a slow holder that its lease has moved on.
 * <p>
 * Expiry compares instance clocks: keep the time-to-live well above the clock drift between
 * instances (NTP keeps it in milliseconds; leases are tens of seconds).
 */
public final class JobLeases {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JobLeases.class);

    /** A held lease: run the job, then renew or release it. */
    public record Lease(String job, String holder, long token, Instant expiresAt) {
    }

    private final Database database;
    private final String instanceId;
    private final Clock clock;

    public JobLeases(Database database, String instanceId, Clock clock) {
        this.database = database;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /** Takes or renews the lease on {@code job} for {@code ttl}; empty while another live instance holds it. */
    public Optional<Lease> acquire(String job, Duration ttl) {
        Instant now = clock.instant();
        Instant until = now.plus(ttl);
        return Sql.inTransaction(database, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE job_leases SET token = CASE WHEN holder = ? THEN token ELSE token + 1 END, "
                            + "holder = ?, expires_at = ? WHERE job = ? AND (holder = ? OR expires_at < ?)")) {
                update.setString(1, instanceId);
                update.setString(2, instanceId);
                update.setTimestamp(3, Timestamp.from(until));
                update.setString(4, job);
                update.setString(5, instanceId);
                update.setTimestamp(6, Timestamp.from(now));
                if (update.executeUpdate() == 1) {
                    return Optional.of(new Lease(job, instanceId, token(connection, job), until));
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO job_leases (job, holder, expires_at, token) VALUES (?, ?, ?, 1) "
                            + "ON CONFLICT DO NOTHING")) {
                insert.setString(1, job);
                insert.setString(2, instanceId);
                insert.setTimestamp(3, Timestamp.from(until));
                return insert.executeUpdate() == 1
                        ? Optional.of(new Lease(job, instanceId, 1, until)) : Optional.<Lease>empty();
            }
        });
    }

    /**
     * Runs {@code work} if this instance holds (or can take) the lease on {@code job}: the shape of
     * every periodic job. A failing run is logged, never fatal (a scheduled task that throws is
     * never run again). Keep {@code ttl} a few periods long so the holder renews it in time.
     */
    public void runIfHeld(String job, Duration ttl, Runnable work) {
        try {
            if (acquire(job, ttl).isPresent()) {
                work.run();
            }
        } catch (RuntimeException e) {
            log.warn("periodic job {} failed; the next round retries: {}", job, e.toString());
        }
    }

    /** Whether {@code lease} is still this instance's, unexpired and not taken over since. */
    public boolean stillHeld(Lease lease) {
        return !Sql.query(database,
                "SELECT 1 FROM job_leases WHERE job = ? AND holder = ? AND token = ? AND expires_at >= ?",
                statement -> {
                    statement.setString(1, lease.job());
                    statement.setString(2, lease.holder());
                    statement.setLong(3, lease.token());
                    statement.setTimestamp(4, Timestamp.from(clock.instant()));
                }, rs -> 1).isEmpty();
    }

    /** Gives the lease up at once (a clean shutdown), so another instance need not wait for expiry. */
    public void release(Lease lease) {
        Sql.update(database, "UPDATE job_leases SET expires_at = ? WHERE job = ? AND holder = ? AND token = ?",
                statement -> {
                    statement.setTimestamp(1, Timestamp.from(Instant.EPOCH));
                    statement.setString(2, lease.job());
                    statement.setString(3, lease.holder());
                    statement.setLong(4, lease.token());
                });
    }

    private static long token(java.sql.Connection connection, String job) throws java.sql.SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT token FROM job_leases WHERE job = ?")) {
            select.setString(1, job);
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
