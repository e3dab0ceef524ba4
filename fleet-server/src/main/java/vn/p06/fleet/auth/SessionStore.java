package vn.p06.fleet.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.Sql;

/**
 * Browser sessions: a random 256-bit id in the cookie, its SHA-256 in the table (a leaked database
 * hands out no live session), and a per-session CSRF token. A login always creates a new session,
 * so an id planted before login (session fixation) is never the one that gets authenticated.
 */
final class SessionStore {
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A live session: who, and the token its mutations must carry. */
    record Session(String username, String csrfToken) {
    }

    /** A session just created: the raw id goes into the cookie once and is not kept. */
    record Created(String id, String csrfToken) {
    }

    private final Database database;

    SessionStore(Database database) {
        this.database = database;
    }

    Created create(String username, Instant now) {
        String id = random();
        String csrf = random();
        Sql.update(database, "INSERT INTO sessions (id_hash, username, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                statement -> {
                    statement.setString(1, sha256(id));
                    statement.setString(2, username);
                    statement.setString(3, csrf);
                    statement.setTimestamp(4, Times.timestamp(now));
                    statement.setTimestamp(5, Times.timestamp(now.plus(LIFETIME)));
                });
        return new Created(id, csrf);
    }

    Optional<Session> find(String id, Instant now) {
        return Sql.query(database, "SELECT username, csrf_token FROM sessions WHERE id_hash = ? AND expires_at > ?",
                statement -> {
                    statement.setString(1, sha256(id));
                    statement.setTimestamp(2, Times.timestamp(now));
                }, rs -> new Session(rs.getString(1), rs.getString(2))).stream().findFirst();
    }

    void delete(String id) {
        Sql.update(database, "DELETE FROM sessions WHERE id_hash = ?", statement -> statement.setString(1, sha256(id)));
    }

    /** Ends every session of a user: password or role changed, user removed. */
    void deleteAll(String username) {
        Sql.update(database, "DELETE FROM sessions WHERE username = ?", statement -> statement.setString(1, username));
    }

    void deleteExpired(Instant now) {
        Sql.update(database, "DELETE FROM sessions WHERE expires_at <= ?", statement -> statement.setTimestamp(1, Times.timestamp(now)));
    }

    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
