package vn.p06.kiosk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--bundle", paramLabel = "FILE", required = true,
                description = "Enrollment bundle of this machine (from `provisioning enroll`).")
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

    @Option(names = "--health-interval", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Time between health samples, e.g. 30s, 5m, PT30S (default: ${DEFAULT-VALUE}).")
    Duration healthInterval;

    @Option(names = "--keepalive", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "MQTT keepalive: how soon the broker notices a dead kiosk (default: ${DEFAULT-VALUE}).")
    Duration keepAlive;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".",
            description = "Data directory: the outbox file lives here, and its disk is the one reported as free "
                    + "(default: current dir).")
    Path dataDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new KioskMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        List<EnrollmentBundle> bundles;
        try {
            bundles = mode.simulation == null ? List.of(read(mode.bundle))
                    : readFirst(mode.simulation.count, mode.simulation.dir);
        } catch (BadInputException e) {
            log.error("{}", e.getMessage());
            return EXIT_BAD_INPUT;
        }
        MqttLink.Options options;
        try {
            options = MqttLink.Options.defaults().withKeepAlive(keepAlive);
        } catch (IllegalArgumentException e) {
            log.error("--keepalive: {}", e.getMessage());
            return EXIT_BAD_INPUT;
        }
        if (healthInterval.isZero() || healthInterval.isNegative()) {
            log.error("--health-interval must be > 0: {}", healthInterval);
            return EXIT_BAD_INPUT;
        }

        AgentRuntime runtime;
        try {
            runtime = AgentRuntime.start(bundles, dataDir, healthInterval, options, mode.simulation == null
                    ? Optional.empty()
                    : Optional.of(new AgentRuntime.Simulation(mode.simulation.visitsPerHour, mode.simulation.alwaysOpen)));
        } catch (IOException | RuntimeException e) {
            log.error("cannot open the outbox in {}: {}", dataDir, e.getMessage());
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
