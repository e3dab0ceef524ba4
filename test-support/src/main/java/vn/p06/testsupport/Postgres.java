package vn.p06.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server (Debian package {@code postgresql}) run by a test: its own cluster in
 * a temporary directory, loopback port, trust authentication for user {@code fleet}. PostgreSQL
 * refuses to run as root, so as root the server runs as the package's {@code postgres} user.
 */
public final class Postgres implements AutoCloseable {
    public static final String USER = "fleet";
    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean asPostgresUser;

    private Postgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Creates a cluster and starts its server; a few seconds. */
    public static Postgres start() throws Exception {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        // Not under the test's @TempDir: that one is root-only, and the server may run as postgres.
        Path dir = Files.createTempDirectory("p06-postgres",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Postgres server = new Postgres(bin, dir, freePort(), root);
        try {
            server.run("chown", List.of());
            server.run("initdb", List.of("-D", server.data.toString(), "-U", USER, "--auth=trust",
                    "-E", "UTF8", "--locale=C", "--no-sync"));
            server.launch();
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A new, empty database on this server; its JDBC URL. */
    public String createDatabase() throws Exception {
        String name = "fleet_" + DATABASES.incrementAndGet();
        run("createdb", List.of("-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER, name));
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** The server's main process id (load generators account its and its backends' CPU time). */
    public long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
    }

    /** Stops the server fast (as a crash would), keeping the cluster for {@link #restart()}. */
    public void kill() throws Exception {
        run("pg_ctl", List.of("-D", data.toString(), "-m", "immediate", "-w", "stop"));
    }

    public void restart() throws Exception {
        launch();
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run("pg_ctl", List.of("-D", data.toString(), "-m", "immediate", "-w", "stop"));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void launch() throws Exception {
        // fsync off: these clusters are thrown away; a crash test kills the server, not the machine.
        String options = "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off"
                + " -c max_connections=300";
        run("pg_ctl", List.of("-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-o", options, "-w", "-t", "60", "start"));
    }

    private void run(String tool, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        if ("chown".equals(tool)) {
            if (!asPostgresUser) {
                return;
            }
            command.addAll(List.of("chown", "postgres:postgres", dir.toString()));
        } else {
            if (asPostgresUser) {
                command.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            command.add(bin.resolve(tool).toString());
            command.addAll(args);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("tools.log").toFile())).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s timed out", tool).isTrue();
        assertThat(process.exitValue()).as("%s failed:%n%s%n%s", command, toolLog(), log()).isZero();
    }

    private String toolLog() throws IOException {
        return Files.readString(dir.resolve("tools.log"));
    }

    private static Path binaries() throws IOException {
        assertThat(VERSIONS).as("these tests need the Debian package postgresql (apt-get install postgresql)")
                .isDirectory();
        try (Stream<Path> versions = Files.list(VERSIONS)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new AssertionError("no PostgreSQL server under " + VERSIONS));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
