package vn.p06.fleet.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.Sql;
import vn.p06.fleet.audit.AuditLog;

/** The audit log in the fleet database (table {@code audit_log}); texts are cut to their column sizes. */
public final class JdbcAuditLog implements AuditLog {

    /** One entry as the audit screen shows it. */
    public record Entry(long id, Instant at, String actor, String action, String target, String detail) {
    }

    private final Database database;
    private final Clock clock;

    public JdbcAuditLog(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public void record(String actor, String action, String target, String detail) {
        Sql.update(database, "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)", statement -> {
            statement.setTimestamp(1, Times.timestamp(clock.instant()));
            statement.setString(2, cut(actor, 64));
            statement.setString(3, cut(action, 64));
            statement.setString(4, cut(target, 256));
            statement.setString(5, cut(detail, 512));
        });
    }

    /** Newest first. */
    public List<Entry> recent(int limit) {
        return Sql.query(database, "SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?",
                statement -> statement.setInt(1, limit),
                rs -> new Entry(rs.getLong("id"), Times.instant(rs, "at"), rs.getString("actor"),
                        rs.getString("action"), rs.getString("target"), rs.getString("detail")));
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
