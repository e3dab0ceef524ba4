package vn.p06.fleet.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet server's database: an H2 file by default, migrated by Flyway at open.
 * <p>
 * H2 runs in PostgreSQL mode so that the same migrations and SQL (notably
 * {@code INSERT ... ON CONFLICT DO NOTHING}) serve the PostgreSQL adapter when a fleet outgrows
 * one machine.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final JdbcConnectionPool pool;

    private Database(JdbcConnectionPool pool) {
        this.pool = pool;
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
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "fleet", "");
        pool.setMaxConnections(16);
        var result = Flyway.configure().dataSource(pool).load().migrate();
        log.info("database {} at schema version {} ({} migrations applied)", url,
                result.targetSchemaVersion, result.migrationsExecuted);
        return new Database(pool);
    }

    public DataSource dataSource() {
        return pool;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
