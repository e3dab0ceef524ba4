package vn.p06.fleet.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Enrollment, credentials and presence of kiosks. */
public final class KioskRepository {

    /** Whether an enrollment created the kiosk or replaced the credential of an existing one. */
    public enum Enrollment { CREATED, REPLACED }

    private static final String COLUMNS = "id, commune, online, revoked, enrolled_at, last_seen_at, "
            + "presence_changed_at, app_version, last_health";

    private final Database database;

    public KioskRepository(Database database) {
        this.database = database;
    }

    /** Creates the kiosk, or replaces its credential (which also lifts a revocation). */
    public Enrollment enroll(String id, String commune, String secretHash, Instant now) {
        return Sql.inTransaction(database, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE kiosks SET commune = ?, secret_hash = ?, revoked = FALSE WHERE id = ?")) {
                update.setString(1, commune);
                update.setString(2, secretHash);
                update.setString(3, id);
                if (update.executeUpdate() == 1) {
                    return Enrollment.REPLACED;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO kiosks (id, commune, secret_hash, enrolled_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, commune);
                insert.setString(3, secretHash);
                insert.setTimestamp(4, Timestamp.from(now));
                insert.executeUpdate();
                return Enrollment.CREATED;
            }
        });
    }

    /** A kiosk's stored credential: the slow hash of its secret, and whether it was revoked. */
    public record Credential(String secretHash, boolean revoked) {
        @Override
        public String toString() {
            return "Credential[revoked=" + revoked + "]";
        }
    }

    public Optional<Credential> credential(String id) {
        return Sql.query(database, "SELECT secret_hash, revoked FROM kiosks WHERE id = ?",
                statement -> statement.setString(1, id),
                rs -> new Credential(rs.getString(1), rs.getBoolean(2))).stream().findFirst();
    }

    /** Marks the kiosk revoked; false when there is no such kiosk. */
    public boolean revoke(String id) {
        return Sql.update(database, "UPDATE kiosks SET revoked = TRUE, online = FALSE WHERE id = ?",
                statement -> statement.setString(1, id)) == 1;
    }

    public Optional<KioskRecord> find(String id) {
        return Sql.query(database, "SELECT " + COLUMNS + " FROM kiosks WHERE id = ?",
                statement -> statement.setString(1, id), KioskRepository::record).stream().findFirst();
    }

    public List<KioskRecord> list(Optional<String> commune) {
        return commune.isPresent()
                ? Sql.query(database, "SELECT " + COLUMNS + " FROM kiosks WHERE commune = ? ORDER BY id",
                        statement -> statement.setString(1, commune.get()), KioskRepository::record)
                : Sql.query(database, "SELECT " + COLUMNS + " FROM kiosks ORDER BY id",
                        statement -> { }, KioskRepository::record);
    }

    /**
     * Applies a status message. Status messages are ordered by the connection they describe: the
     * kiosk stamps its will ("offline", built at connect) and the "online" it publishes right after
     * with the same connection timestamp. The order is {@code timestamp * 2 + (offline ? 1 : 0)}:
     * the will of a connection beats its "online", a newer connection beats both, and a retained
     * status delivered again (same order) changes nothing.
     *
     * @return true when the presence changed
     */
    public boolean applyPresence(String id, boolean online, long connectionTimestamp, String appVersion, Instant now) {
        long order = connectionTimestamp * 2 + (online ? 0 : 1);
        return Sql.inTransaction(database, connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE kiosks SET online = ?, "
                    + "presence_order = ?, presence_changed_at = ?, app_version = COALESCE(?, app_version), "
                    + "last_seen_at = ? WHERE id = ? AND presence_order < ? AND NOT revoked")) {
                update.setBoolean(1, online);
                update.setLong(2, order);
                update.setTimestamp(3, Timestamp.from(now));
                update.setString(4, appVersion);
                update.setTimestamp(5, Timestamp.from(now));
                update.setString(6, id);
                update.setLong(7, order);
                if (update.executeUpdate() != 1) {
                    return false;
                }
            }
            // The dashboard's presence history (V3), in the same transaction as the change itself.
            try (PreparedStatement history = connection.prepareStatement(
                    "INSERT INTO presence_history (kiosk_id, online, at) VALUES (?, ?, ?)")) {
                history.setString(1, id);
                history.setBoolean(2, online);
                history.setTimestamp(3, Timestamp.from(now));
                history.executeUpdate();
            }
            return true;
        });
    }

    /** One presence change of a kiosk, for the dashboard. */
    public record PresenceChange(boolean online, Instant at) {
    }

    /** The newest presence changes of a kiosk, newest first. */
    public List<PresenceChange> presenceHistory(String id, int limit) {
        return Sql.query(database, "SELECT online, at FROM presence_history WHERE kiosk_id = ? ORDER BY id DESC LIMIT ?",
                statement -> {
                    statement.setString(1, id);
                    statement.setInt(2, limit);
                }, rs -> new PresenceChange(rs.getBoolean(1), instant(rs, "at")));
    }

    /**
     * Marks every kiosk offline as if the will of its last connection had fired: used when the
     * embedded broker starts, since its restart dropped every connection without a will. A kiosk
     * that comes back publishes "online" for a newer connection; a stale retained one is ignored.
     */
    public void markAllOffline(Instant now) {
        Sql.update(database, "UPDATE kiosks SET online = FALSE, presence_changed_at = ?, "
                        + "presence_order = presence_order - MOD(presence_order, 2) + 1 WHERE online",
                statement -> statement.setTimestamp(1, Timestamp.from(now)));
    }

    public int countOnline() {
        return Sql.query(database, "SELECT COUNT(*) FROM kiosks WHERE online", statement -> { },
                rs -> rs.getInt(1)).get(0);
    }

    private static KioskRecord record(ResultSet rs) throws SQLException {
        return new KioskRecord(rs.getString("id"), rs.getString("commune"), rs.getBoolean("online"),
                rs.getBoolean("revoked"), instant(rs, "enrolled_at"), instant(rs, "last_seen_at"),
                instant(rs, "presence_changed_at"), rs.getString("app_version"), rs.getString("last_health"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
