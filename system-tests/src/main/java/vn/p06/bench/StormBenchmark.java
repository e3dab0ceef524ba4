package vn.p06.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.p06.fleet.pki.FleetCa;
import vn.p06.fleet.pki.ServerIdentity;
import vn.p06.fleet.registry.KioskRegistry;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.KioskRepository;
import vn.p06.protocol.Channel;
import vn.p06.protocol.NoDelaySocketFactory;
import vn.p06.protocol.Topics;
import vn.p06.protocol.tls.KioskKeys;
import vn.p06.protocol.tls.Pem;
import vn.p06.system.FleetProcess;
import vn.p06.testsupport.Mosquitto;

/**
 * The 7:30 reconnect storm at fleet scale. The fleet server runs as its own process (-Xmx512m,
 * embedded broker, H2 file); the simulated kiosks ({@link KioskFleet}) share one event loop group in
 * this JVM. Phases, each printed with the server's and this process's CPU seconds:
 * <ol>
 *   <li>connect storm: every kiosk connects; time until all CONNACKs, refusals by reason code;</li>
 *   <li>idle: the server's heap after a full GC and its RSS with every kiosk connected;</li>
 *   <li>storm with backlog: every kiosk reconnects with N hours of outbox and flushes it; time until
 *       every record came back in a {@code stored} confirmation;</li>
 *   <li>ceiling (with {@code --ceiling}): the same kiosks, certificates and backlog against Mosquitto
 *       with a subscriber that only counts, the server stopped: the broker + generator bound.</li>
 * </ol>
 * Certificates are issued in a setup phase in this process, through the server's own CA code
 * ({@link FleetCa#issueKiosk}) on the server's data directory before it starts: enrolling 10,000
 * kiosks over the API costs an Argon2id hash each. Kiosks enter the registry with one shared hash
 * (the certificate, not the secret, is the login); {@code --auth passwords} logs in with that secret.
 */
@Command(name = "storm", mixinStandardHelpOptions = true)
public final class StormBenchmark implements Callable<Integer> {
    private static final String SECRET = "storm-kiosk-secret-0123";
    private static final String SERVICE_USER = "_fleet-service";

    @Option(names = "--kiosks", defaultValue = "1000")
    int kiosks;
    @Option(names = "--auth", defaultValue = "certificates", description = "certificates or passwords")
    String auth;
    @Option(names = "--hours", defaultValue = "1", description = "Hours of backlog per kiosk in the backlog storm.")
    double hours;
    @Option(names = "--phases", defaultValue = "connect,idle,backlog", split = ",",
            description = "connect, idle, backlog; or setup alone (with --setup-dir: prepare and stop)")
    List<String> phases;
    @Option(names = "--ceiling", description = "Also run the backlog storm against Mosquitto with a counting subscriber.")
    boolean ceiling;
    @Option(names = "--broker", defaultValue = "embedded", description = "embedded (the server's HiveMQ) or mosquitto "
            + "(the external-broker layout of docs/SCALING.md: Mosquitto with the fleet CA in front, the server ingests from it)")
    String broker;
    @Option(names = "--spread-seconds", defaultValue = "0", description = "First attempts uniform over this window.")
    double spreadSeconds;
    @Option(names = "--connect-rate", defaultValue = "0", description = "At most this many first attempts a second (0: all at once).")
    int connectRate;
    @Option(names = "--backoff-initial-ms", defaultValue = "1000")
    long backoffInitialMillis;
    @Option(names = "--backoff-max-ms", defaultValue = "60000")
    long backoffMaxMillis;
    @Option(names = "--rate", defaultValue = "50", description = "Catch-up messages a second per kiosk (OutboxPolicy).")
    int rate;
    @Option(names = "--threads", defaultValue = "2", description = "Event loop threads of the generator.")
    int threads;
    @Option(names = "--limit-seconds", defaultValue = "600", description = "Give a phase up after this long.")
    int limitSeconds;
    @Option(names = "--idle-seconds", defaultValue = "10")
    int idleSeconds;
    @Option(names = "--setup-dir", description = "Keep the setup (CA, ledger, registry, kiosk keys) here and reuse it "
            + "in later runs with as many kiosks: issuing 10,000 certificates takes minutes.")
    Path setupDir;
    @Option(names = "--server-arg", description = "An extra fleet-server option (e.g. --broker-persistence=IN_MEMORY).")
    List<String> serverArgs = new ArrayList<>();
    @Option(names = "--server-jfr", description = "Record the server with JFR (profile settings) into this file.")
    Path serverJfr;

    private final HttpClient http = HttpClient.newHttpClient();
    private FleetProcess server;
    /** The processes whose CPU a phase reports, by name. */
    private Map<String, Long> cpu = Map.of();

    public static void main(String[] args) {
        System.exit(new CommandLine(new StormBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        boolean certificates = switch (auth) {
            case "certificates" -> true;
            case "passwords" -> false;
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "--auth: certificates or passwords");
        };
        Path dir = Files.createTempDirectory("storm");
        Path data = dir.resolve("fleet");
        System.out.printf("storm: %d kiosks, %s, %.2f h backlog, spread %.0f s, connect rate %d/s, %d generator threads; "
                + "load average %s%n", kiosks, auth, hours, spreadSeconds, connectRate, threads, loadAverage());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < kiosks; i++) {
            ids.add(String.format("%05d-%03d", 10000 + i / 100, i % 100));
        }
        Path ready = setupDir == null ? null : setupDir.resolve("ready-" + kiosks);
        if (ready != null && Files.exists(ready)) {
            copyTree(setupDir.resolve("fleet"), data);
            System.out.printf("setup: reused from %s%n", setupDir);
        }
        FleetCa ca = FleetCa.openOrCreate(data.resolve("pki"), Clock.systemUTC());
        KioskKeyring keyring = null;
        if (ready != null && Files.exists(ready)) {
            keyring = certificates ? loadKeys(ca, ids) : null;
        } else {
            keyring = issueCertificates(ca, ids);
            enroll(data, ids);
            if (setupDir != null) {
                copyTree(data, setupDir.resolve("fleet"));
                Files.writeString(ready, "");
            }
        }
        if (!certificates) {
            keyring = null;
        }
        if (phases.equals(List.of("setup"))) {
            return 0;
        }

        int httpPort = freePort();
        int mqttPort = freePort();
        int mqttsPort = freePort();
        List<String> args = new ArrayList<>(serverArgs);
        Mosquitto external = null;
        int kioskPort = certificates ? mqttsPort : mqttPort;
        if (broker.equals("mosquitto")) {
            if (!certificates) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--broker mosquitto: certificates only");
            }
            external = startMosquitto(dir.resolve("external"), ca, Map.of(SERVICE_USER, SECRET), SERVICE_USER);
            Path password = Files.writeString(dir.resolve("broker-password"), SECRET);
            args.addAll(List.of("--external-broker", external.url(), "--broker-username", SERVICE_USER,
                    "--broker-password-file", password.toString()));
            kioskPort = tlsPort(external);
        } else if (certificates) {
            args.addAll(List.of("--tls", "--mqtts-port", Integer.toString(mqttsPort), "--no-https",
                    "--server-hosts", "127.0.0.1"));
        }
        if (keyring != null) {
            System.out.printf("generator TLS: %s%n", keyring.provider());
        }
        List<String> jvm = serverJfr == null ? List.of()
                : List.of("-XX:StartFlightRecording=name=storm,settings=profile");
        try (Mosquitto mosquitto = external;
             FleetProcess fleetServer = new FleetProcess(data, httpPort, mqttPort, args.toArray(String[]::new))
                .withJvmArgs(jvm).start();
             KioskFleet fleet = new KioskFleet(settings(kioskPort, keyring, true), threads)) {
            server = fleetServer;
            cpu = new LinkedHashMap<>();
            if (mosquitto != null) {
                cpu.put("mosquitto", mosquitto.pid());
            }
            cpu.put("server", server.pid());
            ids.forEach(fleet::add);
            if (phases.contains("connect")) {
                connectStorm(fleet);
            }
            if (phases.contains("idle")) {
                idle(fleet);
            }
            if (phases.contains("backlog")) {
                fleet.disconnectAll();
                fleet.await(fleet::allClosed, Duration.ofSeconds(60), Duration.ofSeconds(60), () -> { });
                backlogStorm(fleet, "fleet server (stored confirmations)" + (external == null ? "" : " on Mosquitto"));
                System.out.println("server ingest: " + metric("fleet_records_stored_total") + " records stored, "
                        + metric("fleet_records_duplicate_total") + " duplicates, "
                        + metric("fleet_store_failures_total") + " store failures");
            }
            if (serverJfr != null) {
                server.jcmd("JFR.dump", "name=storm", "filename=" + serverJfr.toAbsolutePath());
            }
            fleet.disconnectAll();
            fleet.await(fleet::allClosed, Duration.ofSeconds(60), Duration.ofSeconds(60), () -> { });
        }
        if (ceiling) {
            ceiling(dir, ca, ids, keyring);
        }
        System.out.printf("load average at the end: %s%n", loadAverage());
        return 0;
    }

    private KioskFleet.Settings settings(int port, KioskKeyring keyring, boolean confirmations) {
        return new KioskFleet.Settings("127.0.0.1", port, keyring, SECRET, Duration.ofSeconds(30),
                Duration.ofMillis(backoffInitialMillis), Duration.ofMillis(backoffMaxMillis),
                Duration.ofMillis(Math.round(spreadSeconds * 1000)), connectRate, rate, confirmations);
    }

    /** One key pair and one certificate per kiosk, signed by the server's CA code, recorded in its ledger. */
    private KioskKeyring issueCertificates(FleetCa ca, List<String> ids) throws Exception {
        long start = System.nanoTime();
        KioskKeyring keyring = new KioskKeyring(ca.certificate());
        Path keys = setupDir == null ? null : Files.createDirectories(setupDir.resolve("keys"));
        for (String id : ids) {
            KioskKeys.KeyAndRequest request = KioskKeys.newRequest(id);
            X509Certificate certificate = ca.issueKiosk(id, request.requestPem());
            keyring.add(id, Pem.privateKey(request.privateKeyPem()), certificate);
            if (keys != null) {
                Files.writeString(keys.resolve(id + ".key"), request.privateKeyPem());
                Files.writeString(keys.resolve(id + ".crt"), Pem.encode(certificate));
            }
        }
        System.out.printf("setup: %d key pairs and certificates issued in process in %.1f s%n", ids.size(),
                (System.nanoTime() - start) / 1e9);
        return keyring;
    }

    private KioskKeyring loadKeys(FleetCa ca, List<String> ids) throws Exception {
        KioskKeyring keyring = new KioskKeyring(ca.certificate());
        for (String id : ids) {
            keyring.add(id, Pem.privateKey(Files.readString(setupDir.resolve("keys").resolve(id + ".key"))),
                    Pem.certificate(Files.readString(setupDir.resolve("keys").resolve(id + ".crt"))));
        }
        return keyring;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Into the registry; one Argon2id hash for all (an API enrollment would hash once per kiosk). */
    private void enroll(Path data, List<String> ids) {
        long start = System.nanoTime();
        try (Database database = Database.openH2(data.resolve("db"))) {
            KioskRepository repository = new KioskRepository(database);
            KioskRegistry registry = new KioskRegistry(repository, Clock.systemUTC());
            registry.enroll(ids.get(0), ids.get(0).substring(0, 5), SECRET);
            String hash = repository.credential(ids.get(0)).orElseThrow().secretHash();
            for (String id : ids.subList(1, ids.size())) {
                repository.enroll(id, id.substring(0, 5), hash, Clock.systemUTC().instant());
            }
        }
        System.out.printf("setup: %d kiosks enrolled in the registry in %.1f s%n", ids.size(),
                (System.nanoTime() - start) / 1e9);
    }

    private void connectStorm(KioskFleet fleet) throws Exception {
        Map<String, ProcessFigures> before = figures();
        ProcessFigures selfBefore = ProcessFigures.self();
        fleet.storm(0);
        KioskFleet.Stats stats = fleet.stats();
        boolean all = fleet.await(() -> stats.allConnectedNanos.get() > 0, Duration.ofSeconds(limitSeconds),
                Duration.ofSeconds(10), () -> System.out.printf("  %.0f s: %d connected, %d attempts, %s%n",
                        fleet.since(System.nanoTime()), stats.connected.get(), stats.attempts.sum(),
                        stats.failureCounts()));
        System.out.printf("(a) connect storm: %s; %d attempts; refused/failed: %s; %s, generator CPU %.1f s%n",
                all ? String.format("all %d CONNACKs after %.1f s", fleet.size(), fleet.since(stats.allConnectedNanos.get()))
                        : stats.connected.get() + " of " + fleet.size() + " connected within " + limitSeconds + " s",
                stats.attempts.sum(), stats.failureCounts(), cpuSince(before), ProcessFigures.self().cpuSince(selfBefore));
    }

    private void idle(KioskFleet fleet) throws Exception {
        Thread.sleep(idleSeconds * 1000L);
        String heap = server.heapAfterGc();
        ProcessFigures figures = ProcessFigures.of(server.pid());
        System.out.printf("(c) idle with %d of %d kiosks connected: server heap after full GC: %s; /metrics "
                        + "jvm_memory_used_bytes{area=\"heap\"} %.0f MiB; server RSS %d MiB; online per server %s%n",
                fleet.stats().connected.get(), fleet.size(), heap,
                metric("jvm_memory_used_bytes{area=\"heap\"}") / (1 << 20), figures.rssKib() >> 10,
                metric("fleet_kiosks_online"));
    }

    private void backlogStorm(KioskFleet fleet, String label) throws Exception {
        Map<String, ProcessFigures> before = figures();
        ProcessFigures selfBefore = ProcessFigures.self();
        long records = fleet.storm(hours);
        KioskFleet.Stats stats = fleet.stats();
        boolean all = fleet.await(() -> stats.allCaughtUpNanos.get() > 0, Duration.ofSeconds(limitSeconds),
                Duration.ofSeconds(10), () -> {
                    try {
                        System.out.printf("  %.0f s: %d connected, %d caught up, %d of %d records confirmed, "
                                        + "%d published, %s, generator CPU %.1f s, failures %s%n",
                                fleet.since(System.nanoTime()), stats.connected.get(), stats.caughtUp.get(),
                                stats.recordsConfirmed.sum(), records, stats.published.sum(), cpuSince(before),
                                ProcessFigures.self().cpuSince(selfBefore), stats.failureCounts());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        double seconds = all ? fleet.since(stats.allCaughtUpNanos.get()) : fleet.since(System.nanoTime());
        System.out.printf("(b) %s: %s %d records in %.1f s (%.0f records/s, %d messages published, %d PUBACKs); "
                        + "all connected after %s; lost connections %d; refused/failed: %s; "
                        + "%s, generator CPU %.1f s%n",
                label, all ? "all " + fleet.size() + " kiosks caught up," : "NOT caught up within the limit:",
                all ? records : stats.recordsConfirmed.sum(), seconds,
                (all ? records : stats.recordsConfirmed.sum()) / seconds, stats.published.sum(), stats.pubacks.sum(),
                stats.allConnectedNanos.get() > 0 ? String.format("%.1f s", fleet.since(stats.allConnectedNanos.get()))
                        : "-", stats.connectionsLost.sum(), stats.failureCounts(), cpuSince(before),
                ProcessFigures.self().cpuSince(selfBefore));
    }

    /** CPU figures of the measured processes (broker, server), by name. */
    private Map<String, ProcessFigures> figures() throws IOException {
        Map<String, ProcessFigures> figures = new LinkedHashMap<>();
        for (Map.Entry<String, Long> process : cpu.entrySet()) {
            figures.put(process.getKey(), ProcessFigures.of(process.getValue()));
        }
        return figures;
    }

    private String cpuSince(Map<String, ProcessFigures> before) throws IOException {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, ProcessFigures> process : before.entrySet()) {
            parts.add(String.format("%s CPU %.1f s", process.getKey(),
                    ProcessFigures.of(cpu.get(process.getKey())).cpuSince(process.getValue())));
        }
        return String.join(", ", parts);
    }

    /** Mosquitto with a TLS listener for the fleet CA's kiosk certificates (CN = user name), as SCALING.md. */
    private static Mosquitto startMosquitto(Path dir, FleetCa ca, Map<String, String> users, String admin)
            throws Exception {
        Path brokerDir = Files.createDirectories(dir);
        ServerIdentity identity = ca.serverIdentity(List.of("127.0.0.1"));
        Files.writeString(brokerDir.resolve("ca.crt"), ca.certificatePem());
        Files.writeString(brokerDir.resolve("server.crt"), Pem.encode(identity.certificate()));
        Files.writeString(brokerDir.resolve("server.key"), Pem.encodePrivateKey(identity.key()));
        return Mosquitto.start(brokerDir, users, admin, new Mosquitto.Tls(brokerDir.resolve("ca.crt"),
                brokerDir.resolve("server.crt"), brokerDir.resolve("server.key")));
    }

    private static int tlsPort(Mosquitto mosquitto) {
        return Integer.parseInt(mosquitto.tlsUrl().replaceAll(".*:", ""));
    }

    /** The same kiosks, certificates and backlog against Mosquitto with a subscriber that only counts. */
    private void ceiling(Path dir, FleetCa ca, List<String> ids, KioskKeyring keyring) throws Exception {
        try (Mosquitto mosquitto = startMosquitto(dir.resolve("mosquitto"), ca,
                Map.of("admin", SECRET, "observer", SECRET), "admin");
             Counter counter = new Counter(mosquitto.url())) {
            cpu = Map.of("mosquitto", mosquitto.pid());
            int port = keyring == null ? mosquitto.port() : tlsPort(mosquitto);
            if (keyring == null) {
                System.out.println("ceiling: Mosquitto knows only certificate logins here; skipped for passwords");
                return;
            }
            try (KioskFleet fleet = new KioskFleet(settings(port, keyring, false), threads)) {
                ids.forEach(fleet::add);
                long before = counter.count.get();
                backlogStorm(fleet, "ceiling: Mosquitto 2 + counting subscriber (PUBACK = done)");
                System.out.printf("ceiling: the counting subscriber received %d messages%n", counter.count.get() - before);
                fleet.disconnectAll();
                fleet.await(fleet::allClosed, Duration.ofSeconds(60), Duration.ofSeconds(60), () -> { });
            }
        }
    }

    private double metric(String sample) throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/metrics"))
                .header("Authorization", "Bearer " + FleetProcess.ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1))).findFirst().orElse(-1);
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A subscriber that only counts what the broker delivers (Paho, TCP_NODELAY, as ingest). */
    private static final class Counter implements MqttCallback, AutoCloseable {
        final AtomicLong count = new AtomicLong();
        private final MqttAsyncClient client;

        Counter(String url) throws MqttException {
            client = new MqttAsyncClient(url, "storm-counter", new MemoryPersistence());
            client.setCallback(this);
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName("admin");
            options.setPassword(SECRET.getBytes(StandardCharsets.UTF_8));
            options.setReceiveMaximum(65_535);
            options.setSocketFactory(new NoDelaySocketFactory());
            client.connect(options).waitForCompletion(30_000);
            client.subscribe(new MqttSubscription[] {new MqttSubscription(Topics.allKiosks(Channel.HEALTH), 1),
                    new MqttSubscription(Topics.allKiosks(Channel.EVENTS), 1)}).waitForCompletion(30_000);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            count.incrementAndGet();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            System.out.println("counting subscriber lost the broker: " + response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }

        @Override
        public void close() throws MqttException {
            client.disconnect().waitForCompletion(10_000);
            client.close(true);
        }
    }
}
