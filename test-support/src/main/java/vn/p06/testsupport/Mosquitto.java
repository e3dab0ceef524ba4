package vn.p06.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker (Debian package {@code mosquitto}) run by a test: loopback port, no anonymous
 * access, a password file and the production ACL rule {@code pattern readwrite kiosk/v1/%u/#}.
 */
public final class Mosquitto implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");
    /** Sent to clients as Receive Maximum in CONNACK. */
    public static final int MAX_INFLIGHT = 20;
    /** Messages queued per client while it is slow or away (Mosquitto's default is 1,000). */
    public static final int MAX_QUEUED = 200_000;

    /**
     * A TLS listener as SECURITY.md documents it for an external broker: the fleet CA as
     * {@code cafile}, a client certificate required, its CN used as the user name (and so in the ACL).
     */
    public record Tls(Path caFile, Path certFile, Path keyFile, Path crlFile) {
        /** Without a CRL: Mosquitto then checks no revocation at all. */
        public Tls(Path caFile, Path certFile, Path keyFile) {
            this(caFile, certFile, keyFile, null);
        }
    }

    private final Path dir;
    private final int port;
    private final int tlsPort;
    private Process process;

    private Mosquitto(Path dir, int port, int tlsPort) {
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /** Users: name to password. {@code observer} may read all, {@code admin} read and write all. */
    public static Mosquitto start(Path dir, Map<String, String> users) throws Exception {
        return start(dir, users, "admin");
    }

    /**
     * @param admin the user that may read and write every topic (the fleet server's service user);
     *              {@code observer} may read all, every other user only its own {@code kiosk/v1/<user>/}
     */
    public static Mosquitto start(Path dir, Map<String, String> users, String admin) throws Exception {
        return start(dir, users, admin, null);
    }

    /** As {@link #start(Path, Map, String)}, plus a TLS listener for certificate logins when {@code tls} is given. */
    public static Mosquitto start(Path dir, Map<String, String> users, String admin, Tls tls) throws Exception {
        assertThat(BINARY).as("these tests need the Debian package mosquitto (apt-get install mosquitto)")
                .isExecutable();
        Path passwd = dir.resolve("passwd");
        boolean first = true;
        for (Map.Entry<String, String> user : users.entrySet()) {
            List<String> command = first
                    ? List.of(PASSWD.toString(), "-b", "-c", passwd.toString(), user.getKey(), user.getValue())
                    : List.of(PASSWD.toString(), "-b", passwd.toString(), user.getKey(), user.getValue());
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("passwd.log").toFile()).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("mosquitto_passwd for %s", user.getKey()).isZero();
            first = false;
        }
        Files.writeString(dir.resolve("acl"), """
                pattern readwrite kiosk/v1/%%u/#

                user observer
                topic read #

                user %s
                topic readwrite #
                """.formatted(admin));
        int port = freePort();
        int tlsPort = tls == null ? -1 : freePort();
        String tlsListener = tls == null ? "" : String.join("\n",
                "listener " + tlsPort + " 127.0.0.1",
                "cafile " + tls.caFile(),
                "certfile " + tls.certFile(),
                "keyfile " + tls.keyFile(),
                "require_certificate true",
                "use_identity_as_username true",
                tls.crlFile() == null ? "" : "crlfile " + tls.crlFile(),
                "");
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous false",
                "password_file " + passwd,
                "acl_file " + dir.resolve("acl"),
                "persistence false",
                "max_inflight_messages " + MAX_INFLIGHT,
                // As in production (docs/SCALING.md): the fleet's ingest session must be able to fall
                // behind a burst; Mosquitto's default queue of 1,000 drops the rest for QoS 1.
                "max_queued_messages " + MAX_QUEUED,
                // As in production: Paho 1.2.5 resends in-flight messages with a stale topic alias
                // after a reconnect and loops on DISCONNECT 0x94 (see docs/ARCHITECTURE.md).
                "max_topic_alias 0",
                // Tests run as root; without this mosquitto drops to user mosquitto and cannot read the files.
                "user root",
                "log_dest stderr",
                tlsListener));
        Mosquitto broker = new Mosquitto(dir, port, tlsPort);
        broker.launch();
        return broker;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The TLS listener ({@code ssl://127.0.0.1:port}); only when started with {@link Tls}. */
    public String tlsUrl() {
        if (tlsPort < 0) {
            throw new IllegalStateException("started without a TLS listener");
        }
        return "ssl://127.0.0.1:" + tlsPort;
    }

    public int port() {
        return port;
    }

    /** The broker's process id (load generators account its CPU time). */
    public long pid() {
        return process.pid();
    }

    /** Stops the broker (SIGTERM) and waits for the process to end. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SIGHUP: Mosquitto's reload (configuration, ACL and password files, the server certificate). */
    public void reload() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -HUP " + process.pid() + " failed");
        }
    }

    /** Starts the broker again on the same port, with nothing retained (persistence is off). */
    public void restart() throws IOException {
        launch();
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        await("mosquitto listening on " + port).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    assertThat(process.isAlive()).as("mosquitto died:%n%s", log()).isTrue();
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
