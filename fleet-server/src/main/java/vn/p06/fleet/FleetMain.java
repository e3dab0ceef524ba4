package vn.p06.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.p06.fleet.broker.EmbeddedBroker;
import vn.p06.fleet.broker.MqttBroker;

/** Command line of the fleet server: {@code fleet-server [options]}. */
@Command(name = "fleet-server", mixinStandardHelpOptions = true,
        description = "Fleet server for commune-hall kiosks: MQTT broker, ingest, store and HTTP API.")
public final class FleetMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(FleetMain.class);

    @Option(names = "--data-dir", defaultValue = "fleet-data", description = "Database, broker state, tokens (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--mqtt-port", defaultValue = "1883", description = "Embedded broker's MQTT port (default: ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(names = "--external-broker", description = "Use this broker (tcp://host:port) instead of the embedded one.")
    Optional<String> externalBroker;

    @Option(names = "--broker-username", defaultValue = "_fleet-service", description = "Server's user on an external broker.")
    String brokerUsername;

    @Option(names = "--broker-password-file", description = "File holding the server's password on an external broker.")
    Optional<Path> brokerPasswordFile;

    @Option(names = "--broker-persistence", defaultValue = "FILE",
            description = "Embedded broker keeps queued messages on disk (FILE, default) or only in memory (IN_MEMORY).")
    EmbeddedBroker.Persistence brokerPersistence;

    @Option(names = "--admin-token-file", description = "Admin bearer token for enrollment (default: <data-dir>/admin.token, created if missing).")
    Optional<Path> adminTokenFile;

    @Option(names = "--kiosk-mqtt-url", description = "Broker address written into kiosk bundles (default: this server's).")
    Optional<String> kioskMqttUrl;

    @Option(names = "--kiosk-fleet-url", description = "HTTP address written into kiosk bundles (default: this server's).")
    Optional<String> kioskFleetUrl;

    @Option(names = "--database-url", description = "A PostgreSQL database (jdbc:postgresql://host:port/db) shared by "
            + "several instances, instead of the embedded H2 file in the data dir.")
    Optional<String> databaseUrl;

    @Option(names = "--database-user", defaultValue = "fleet", description = "PostgreSQL user (default: ${DEFAULT-VALUE}).")
    String databaseUser;

    @Option(names = "--database-password-file", description = "File holding the PostgreSQL user's password.")
    Optional<Path> databasePasswordFile;

    @Option(names = "--tls",
            description = "TLS with certificates from the fleet CA (<data-dir>/pki): an MQTT TLS listener and HTTPS "
                    + "(on in the packaged /etc/p06-fleet/fleet.conf; default: ${DEFAULT-VALUE}).")
    boolean tls;

    @Option(names = "--mqtts-port", defaultValue = "8883", description = "Embedded broker's MQTT-over-TLS port with --tls (default: ${DEFAULT-VALUE}).")
    int mqttsPort;

    // A plain flag, not a negatable --https: picocli inverts negatable options whose default is true.
    @Option(names = "--no-https", description = "With --tls, keep plain HTTP on the HTTP port (behind a TLS-terminating proxy).")
    boolean noHttps;

    @Option(names = "--server-hosts", split = ",",
            description = "Host names and IP addresses kiosks use to reach this server, named in its certificate "
                    + "(default: this machine's host name, localhost, 127.0.0.1 and the --bind address).")
    List<String> serverHosts;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FleetMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dataDir);
        Path tokenFile = adminTokenFile.orElse(dataDir.resolve("admin.token"));
        String advertisedHost = "0.0.0.0".equals(bind) ? java.net.InetAddress.getLocalHost().getHostName() : bind;
        Optional<FleetConfig.ExternalBrokerConfig> external = externalBroker.map(url ->
                new FleetConfig.ExternalBrokerConfig(url, new MqttBroker.ServiceCredentials(brokerUsername,
                        readSecret(brokerPasswordFile.orElseThrow(() -> new CommandLine.ParameterException(
                                new CommandLine(this), "--external-broker needs --broker-password-file"))))));
        Optional<FleetConfig.TlsConfig> tlsConfig = tls
                ? Optional.of(new FleetConfig.TlsConfig(mqttsPort, !noHttps, hosts(advertisedHost)))
                : Optional.empty();
        String kioskBroker = tls ? "ssl://" + advertisedHost + ":" + mqttsPort : "tcp://" + advertisedHost + ":" + mqttPort;
        String httpScheme = tls && !noHttps ? "https://" : "http://";
        FleetConfig config = new FleetConfig(dataDir, bind, httpPort, mqttPort, external, brokerPersistence,
                readOrCreateSecret(tokenFile),
                kioskMqttUrl.orElse(external.map(FleetConfig.ExternalBrokerConfig::url).orElse(kioskBroker)),
                kioskFleetUrl.orElse(httpScheme + advertisedHost + ":" + httpPort),
                readOrCreate(dataDir.resolve("instance.id"), () -> UUID.randomUUID().toString().substring(0, 8)),
                tlsConfig)
                .withPostgres(databaseUrl.map(url -> new FleetConfig.PostgresConfig(url, databaseUser,
                        databasePasswordFile.map(FleetMain::readSecret).orElse(""))));
        CountDownLatch stopped = new CountDownLatch(1);
        FleetServer server = FleetServer.start(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        log.info("fleet server ready: API {}{}:{}/api/kiosks, metrics /metrics, broker {}; admin token in {}{}",
                httpScheme, advertisedHost, server.httpPort(), config.kioskMqttUrl(), tokenFile.toAbsolutePath(),
                tls ? "; CA certificate in " + dataDir.resolve("pki").resolve("ca.crt").toAbsolutePath() : "");
        stopped.await();
        return 0;
    }

    private List<String> hosts(String advertisedHost) {
        if (serverHosts != null && !serverHosts.isEmpty()) {
            return serverHosts;
        }
        Set<String> hosts = new TreeSet<>(List.of(advertisedHost, "localhost", "127.0.0.1"));
        if (!"0.0.0.0".equals(bind)) {
            hosts.add(bind);
        }
        return List.copyOf(hosts);
    }

    private static String readSecret(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String readOrCreateSecret(Path file) throws IOException {
        return readOrCreate(file, () -> {
            byte[] token = new byte[32];
            new SecureRandom().nextBytes(token);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        });
    }

    /** Reads a one-line file, creating it owner-only with a generated value the first time. */
    private static String readOrCreate(Path file, java.util.function.Supplier<String> generator) throws IOException {
        if (Files.exists(file)) {
            return readSecret(file);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String value = generator.get();
        Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
        return value;
    }
}
