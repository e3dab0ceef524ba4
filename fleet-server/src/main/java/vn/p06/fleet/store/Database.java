package vn.p06.fleet.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet server's database, migrated by Flyway at open: an H2 file by default (one machine, no
 * setup), or a PostgreSQL server when the fleet outgrows one machine or runs several instances.
 * <p>
 * H2 runs in PostgreSQL mode so that one set of migrations and one SQL dialect (notably
 * {@code INSERT ... ON CONFLICT DO NOTHING}) serve both; the store tests run against both.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** Which adapter is behind this database, for the rare statement that must differ. */
    public enum Kind { H2, POSTGRESQL }

    private final HikariDataSource pool;
    private final Kind kind;

    private Database(HikariDataSource pool, Kind kind) {
        this.pool = pool;
        this.kind = kind;
    }

    /** Opens (creating if needed) {@code <dir>/fleet.mv.db} and migrates it to the newest schema. */
    public static Database openH2(Path dir) {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("fleet")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                // closed by FleetServer.close() after ingest has drained, not by H2's own shutdown hook
                + ";DB_CLOSE_ON_EXIT=FALSE"
                // A commit reaches the file before the broker gets its PUBACK: H2's default keeps
                // commits in memory up to 500 ms, and a crash then would lose acknowledged records.
                + ";WRITE_DELAY=0";
        return open(url, "fleet", "", Kind.H2);
    }

    /**
     * Connects to a PostgreSQL database ({@code jdbc:postgresql://host:port/db}) and migrates it.
     * Several fleet-server instances may open the same database: Flyway serialises their
     * migrations with a database lock.
     */
    public static Database openPostgres(String url, String user, String password) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db): " + url);
        }
        return open(url, user, password, Kind.POSTGRESQL);
    }

    private static Database open(String url, String user, String password, Kind kind) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(16);
        config.setPoolName("fleet-" + kind.name().toLowerCase(java.util.Locale.ROOT));
        HikariDataSource pool = new HikariDataSource(config);
        try {
            var result = Flyway.configure().dataSource(pool).load().migrate();
            log.info("{} database {} at schema version {} ({} migrations applied)", kind, redacted(url),
                    result.targetSchemaVersion, result.migrationsExecuted);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, kind);
    }

    private static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public Kind kind() {
        return kind;
    }

    public DataSource dataSource() {
        return pool;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }
}
