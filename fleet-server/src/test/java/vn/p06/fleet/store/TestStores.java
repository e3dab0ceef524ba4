package vn.p06.fleet.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import vn.p06.fleet.FleetConfig;
import vn.p06.testsupport.Postgres;

/**
 * The store the tests run on. By default the embedded H2 file; with {@code -Dfleet.test.store=postgres}
 * (the module's second surefire run) a real PostgreSQL server, so the same tests prove both adapters.
 * One database per data directory: a test that restarts a server on its directory gets its data back.
 */
public final class TestStores {
    private static final boolean POSTGRES = "postgres".equals(System.getProperty("fleet.test.store"));
    private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();
    private static Postgres server;

    private TestStores() {
    }

    public static Database open(Path dataDir) {
        return postgresFor(dataDir)
                .map(pg -> Database.openPostgres(pg.url(), pg.user(), pg.password()))
                .orElseGet(() -> Database.openH2(dataDir));
    }

    /** Empty on the H2 run; on the PostgreSQL run the database that belongs to {@code dataDir}. */
    public static Optional<FleetConfig.PostgresConfig> postgresFor(Path dataDir) {
        if (!POSTGRES) {
            return Optional.empty();
        }
        String url = DATABASES.computeIfAbsent(dataDir.toAbsolutePath().normalize(), dir -> {
            try {
                return server().createDatabase();
            } catch (Exception e) {
                throw new IllegalStateException("cannot create a PostgreSQL database", e);
            }
        });
        return Optional.of(new FleetConfig.PostgresConfig(url, Postgres.USER, ""));
    }

    private static synchronized Postgres server() throws Exception {
        if (server == null) {
            server = Postgres.start();
            Postgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception e) {
                    org.slf4j.LoggerFactory.getLogger(TestStores.class)
                            .warn("PostgreSQL test server did not stop: {}", e.toString());
                }
            }, "postgres-test-server"));
        }
        return server;
    }
}
