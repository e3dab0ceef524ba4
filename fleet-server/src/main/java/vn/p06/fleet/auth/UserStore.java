package vn.p06.fleet.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.Sql;

/** Users with Argon2id password hashes, and the counters the login lockout needs. */
public final class UserStore {
    /** OWASP's Argon2id minimum (19 MiB, 2 passes): the same cost the kiosk secrets use. */
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    static final int MIN_PASSWORD = 10;
    private static final String COLUMNS = "username, role, display_name, created_at, failed_logins, locked_until";

    private final Database database;

    public UserStore(Database database) {
        this.database = database;
    }

    public static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username: 2–64 of a-z 0-9 . _ -, starting with a letter or digit");
        }
    }

    static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > 256) {
            throw new IllegalArgumentException("password: " + MIN_PASSWORD + " to 256 characters");
        }
    }

    static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    /** Creates the user, or changes role / name / password (null keeps the stored password). */
    public boolean upsert(String username, Role role, String displayName, String password, Instant now) {
        checkUsername(username);
        if (password != null) {
            checkPassword(password);
        }
        String hash = password == null ? null : hash(password);
        int updated = Sql.update(database, "UPDATE users SET role = ?, display_name = ?, "
                        + "password_hash = COALESCE(?, password_hash) WHERE username = ?",
                statement -> {
                    statement.setString(1, role.wireName());
                    statement.setString(2, displayName);
                    statement.setString(3, hash);
                    statement.setString(4, username);
                });
        if (updated == 1) {
            return false;
        }
        if (hash == null) {
            throw new IllegalArgumentException("password: required for a new user");
        }
        Sql.update(database, "INSERT INTO users (username, password_hash, role, display_name, created_at) VALUES (?, ?, ?, ?, ?)",
                statement -> {
                    statement.setString(1, username);
                    statement.setString(2, hash);
                    statement.setString(3, role.wireName());
                    statement.setString(4, displayName);
                    statement.setTimestamp(5, Times.timestamp(now));
                });
        return true;
    }

    public boolean delete(String username) {
        return Sql.update(database, "DELETE FROM users WHERE username = ?", statement -> statement.setString(1, username)) == 1;
    }

    public Optional<User> find(String username) {
        return Sql.query(database, "SELECT " + COLUMNS + " FROM users WHERE username = ?",
                statement -> statement.setString(1, username), UserStore::user).stream().findFirst();
    }

    public List<User> list() {
        return Sql.query(database, "SELECT " + COLUMNS + " FROM users ORDER BY username", statement -> { }, UserStore::user);
    }

    public int count() {
        return Sql.query(database, "SELECT COUNT(*) FROM users", statement -> { }, rs -> rs.getInt(1)).get(0);
    }

    /** Whether the password matches; a user that does not exist costs the same hash as one that does. */
    boolean passwordMatches(String username, String password) {
        Optional<String> stored = Sql.query(database, "SELECT password_hash FROM users WHERE username = ?",
                statement -> statement.setString(1, username), rs -> rs.getString(1)).stream().findFirst();
        boolean matches = Password.check(password, stored.orElse(DUMMY_HASH)).with(ARGON2);
        return stored.isPresent() && matches;
    }

    private static final String DUMMY_HASH = hash("no-such-user-dummy-password");

    /** Counts a failure; from the {@code limit}-th in a row on, logins are refused until {@code lockUntil}. */
    void recordFailure(String username, int limit, Instant lockUntil) {
        Sql.update(database, "UPDATE users SET failed_logins = failed_logins + 1, "
                        + "locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END WHERE username = ?",
                statement -> {
                    statement.setInt(1, limit);
                    statement.setTimestamp(2, Times.timestamp(lockUntil));
                    statement.setString(3, username);
                });
    }

    void recordSuccess(String username) {
        Sql.update(database, "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = ?",
                statement -> statement.setString(1, username));
    }

    private static User user(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new User(rs.getString("username"), Role.fromWire(rs.getString("role")), rs.getString("display_name"),
                Times.instant(rs, "created_at"), rs.getInt("failed_logins"), Times.instant(rs, "locked_until"));
    }
}
