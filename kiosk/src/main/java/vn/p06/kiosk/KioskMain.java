package vn.p06.kiosk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.p06.kiosk.config.ConfigFile;
import vn.p06.kiosk.config.ConfigSync;
import vn.p06.kiosk.config.KioskConfig;
import vn.p06.protocol.config.ConfigException;
import vn.p06.kiosk.telemetry.HealthSource;
import vn.p06.kiosk.telemetry.MachineHealthSource;
import vn.p06.kiosk.telemetry.MqttLink;
import vn.p06.kiosk.telemetry.Outbox;
import vn.p06.kiosk.telemetry.OutboxException;
import vn.p06.kiosk.telemetry.OutboxPolicy;
import vn.p06.kiosk.telemetry.PeripheralProbe;
import vn.p06.kiosk.telemetry.SimulatedHealthSource;
import vn.p06.protocol.EnrollmentBundle;

/** Entry point of the headless kiosk agent: parses the command line and wires the parts. */
@Command(name = "kiosk-agent", mixinStandardHelpOptions = true, versionProvider = KioskMain.Version.class,
        sortOptions = false,
        description = "Reports presence and health of a commune-hall kiosk to the fleet broker (MQTT 5) "
                + "and answers remote commands. Runs until SIGTERM / Ctrl-C.")
public final class KioskMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(KioskMain.class);

    /** Same code picocli uses for usage errors: the operator has to fix the input. */
    static final int EXIT_BAD_INPUT = 2;
    private static final Duration FIRST_SAMPLE = Duration.ofSeconds(5);

    @Option(names = "--config", paramLabel = "FILE",
            description = "The kiosk's settings (TOML, docs/KIOSK-CONFIG.md); without it the defaults. "
                    + "The options below override its keys.")
    Path config;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Mode mode;

    static final class Mode {
        @Option(names = "--bundle", paramLabel = "FILE", required = true,
                description = "Enrollment bundle of this machine (from `provisioning enroll`); key fleet.bundle.")
        Path bundle;

        @ArgGroup(exclusive = false)
        Simulation simulation;
    }

    static final class Simulation {
        @Option(names = "--simulate", paramLabel = "N", required = true,
                description = "Run N simulated kiosks in this JVM (simulated health, real MQTT).")
        int count;

        @Option(names = "--bundles", paramLabel = "DIR", required = true,
                description = "Directory of bundles; the first N *.json files by name are used.")
        Path dir;

        @Option(names = "--visits-per-hour", paramLabel = "N", defaultValue = "6",
                description = "Simulated residents' visits per kiosk and open hour (default: ${DEFAULT-VALUE}).")
        double visitsPerHour;

        @Option(names = "--always-open", description = "Simulated visits at any hour, not only office hours.")
        boolean alwaysOpen;
    }

    @Option(names = "--health-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time between health samples, e.g. 30s, 5m, PT30S; key telemetry.health-interval-seconds.")
    Duration healthInterval;

    @Option(names = "--keepalive", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "MQTT keepalive: how soon the broker notices a dead kiosk; key fleet.keepalive-seconds.")
    Duration keepAlive;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory: the outbox, content, the fleet's config overlay; its disk is the one "
                    + "reported as free; key paths.data-dir.")
    Path dataDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new KioskMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        boolean simulated = mode != null && mode.simulation != null;
        ConfigFile file;
        KioskConfig settings;
        Optional<ConfigSync> sync = Optional.empty();
        try {
            file = ConfigFile.read(Optional.ofNullable(config), overrides());
            settings = file.config();
            if (!simulated) {
                // the real kiosk runs with the fleet's overlay kept in its data directory
                sync = Optional.of(ConfigSync.open(file, settings.dataDir()));
                settings = sync.get().current();
            }
        } catch (ConfigException e) {
            log.error("bad settings ({}), one line per key:", config == null ? "command line" : config);
            e.problems().forEach(problem -> log.error("  {}", problem));
            return EXIT_BAD_INPUT;
        }
        List<EnrollmentBundle> bundles;
        try {
            if (simulated) {
                bundles = readFirst(mode.simulation.count, mode.simulation.dir);
            } else {
                Path bundle = settings.bundle().orElseThrow(() -> new BadInputException(
                        "no enrollment bundle: give --bundle FILE, or fleet.bundle in --config FILE, or --simulate N"));
                bundles = List.of(read(bundle));
            }
        } catch (BadInputException e) {
            log.error("{}", e.getMessage());
            return EXIT_BAD_INPUT;
        }
        MqttLink.Options options = MqttLink.Options.defaults().withKeepAlive(settings.keepAlive());

        AgentRuntime runtime;
        try {
            runtime = AgentRuntime.start(bundles, settings.dataDir(), settings.healthInterval(), options, simulated
                    ? Optional.of(new AgentRuntime.Simulation(mode.simulation.visitsPerHour, mode.simulation.alwaysOpen))
                    : Optional.empty(), List.of(), sync);
        } catch (IOException | RuntimeException e) {
            log.error("cannot open the outbox in {}: {}", settings.dataDir(), e.getMessage());
            return EXIT_BAD_INPUT;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "kiosk-shutdown"));
        stopped.await();
        return 0;
    }

    /** The options given, as the settings keys they stand for: one source of truth, the record. */
    private Map<String, String> overrides() {
        Map<String, String> keys = new LinkedHashMap<>();
        if (mode != null && mode.bundle != null) {
            keys.put("fleet.bundle", mode.bundle.toString());
        }
        if (healthInterval != null) {
            keys.put("telemetry.health-interval-seconds", Long.toString(healthInterval.toSeconds()));
        }
        if (keepAlive != null) {
            keys.put("fleet.keepalive-seconds", Long.toString(keepAlive.toSeconds()));
        }
        if (dataDir != null) {
            keys.put("paths.data-dir", dataDir.toString());
        } else if (config == null) {
            keys.put("paths.data-dir", "."); // without a settings file: the current directory, as before
        }
        return keys;
    }

    static EnrollmentBundle read(Path file) throws BadInputException {
        try {
            return EnrollmentBundle.read(file);
        } catch (IOException | RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            int newline = message.indexOf('\n');
            // Jackson appends the source location on further lines; the first one names the field.
            message = newline < 0 ? message : message.substring(0, newline);
            if (!message.contains(file.toString())) {
                message = file + ": " + message;
            }
            throw new BadInputException("bad enrollment bundle " + message);
        }
    }

    private static List<EnrollmentBundle> readFirst(int count, Path dir) throws BadInputException {
        if (count < 1) {
            throw new BadInputException("--simulate must be >= 1, got " + count);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                    .sorted()
                    .limit(count)
                    .toList();
        } catch (IOException e) {
            throw new BadInputException("cannot list bundles in " + dir + ": " + e);
        }
        if (files.size() < count) {
            throw new BadInputException("--simulate " + count + " but only " + files.size()
                    + " *.json bundle(s) in " + dir);
        }
        List<EnrollmentBundle> bundles = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Path file : files) {
            EnrollmentBundle bundle = read(file);
            // Two clients with one id would take each other's session over and over.
            if (!ids.add(bundle.kioskId())) {
                throw new BadInputException("bad enrollment bundle " + file + ": kioskId " + bundle.kioskId()
                        + " is used by another bundle");
            }
            bundles.add(bundle);
        }
        return bundles;
    }

    /** Input the operator must fix; exit code 2. */
    static final class BadInputException extends Exception {
        private static final long serialVersionUID = 1L;

        BadInputException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kiosk-agent " + AgentRuntime.appVersion()};
        }
    }
}
