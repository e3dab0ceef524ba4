package vn.p06.kiosk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.command.CommandHandler;
import vn.p06.kiosk.command.ContentRefresher;
import vn.p06.kiosk.command.KioskScreen;
import vn.p06.kiosk.command.LogSource;
import vn.p06.kiosk.command.SimulatedSystemControl;
import vn.p06.kiosk.command.SystemdControl;
import vn.p06.kiosk.config.ConfigSync;
import vn.p06.kiosk.identity.CertificateRenewer;
import vn.p06.kiosk.telemetry.HealthSource;
import vn.p06.kiosk.telemetry.MachineHealthSource;
import vn.p06.kiosk.telemetry.MqttLink;
import vn.p06.kiosk.telemetry.Outbox;
import vn.p06.kiosk.telemetry.OutboxException;
import vn.p06.kiosk.telemetry.OutboxPolicy;
import vn.p06.kiosk.telemetry.PeripheralProbe;
import vn.p06.kiosk.catalog.CatalogStore;
import vn.p06.kiosk.content.ContentSync;
import vn.p06.kiosk.catalog.Service;
import vn.p06.kiosk.telemetry.SimulatedHealthSource;
import vn.p06.kiosk.telemetry.SimulatedVisits;
import vn.p06.kiosk.telemetry.UsageRecorder;
import vn.p06.protocol.EnrollmentBundle;

/**
 * The running telemetry side of one or more kiosks in this JVM: one outbox file, one scheduler,
 * one agent per enrollment bundle. The headless agent ({@link KioskMain}) and the guided UI
 * ({@code ui.KioskApp}) both start it, so a kiosk is one process.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentRuntime.class);
    private static final Duration FIRST_SAMPLE = Duration.ofSeconds(5);
    /** The systemd unit the kiosk runs as; its journal is what collect-logs reads. */
    static final String KIOSK_UNIT = "commune-kiosk";

    private final ScheduledExecutorService scheduler;
    private final Outbox outbox;
    private final Map<String, KioskAgent> agents;

    private AgentRuntime(ScheduledExecutorService scheduler, Outbox outbox, Map<String, KioskAgent> agents) {
        this.scheduler = scheduler;
        this.outbox = outbox;
        this.agents = agents;
    }

    /**
     * Simulated kiosks (a demo or a load test): simulated health and residents' visits.
     *
     * @param alwaysOpen visits at any hour, not only in office hours
     */
    public record Simulation(double visitsPerHour, boolean alwaysOpen) {
    }

    /**
     * @param simulation empty: this machine's health, the UI's usage events; present: simulated kiosks
     */
    public static AgentRuntime start(List<EnrollmentBundle> bundles, Path dataDir, Duration healthInterval,
                                     MqttLink.Options options, Optional<Simulation> simulation) throws IOException {
        return start(bundles, dataDir, healthInterval, options, simulation, List.of(), Optional.empty());
    }

    /**
     * @param probes the peripherals of this machine (printers, scanner) for its health samples;
     *               ignored for simulated kiosks
     * @param config the fleet's config overlay on the real kiosk; ignored for simulated kiosks
     */
    public static AgentRuntime start(List<EnrollmentBundle> bundles, Path dataDir, Duration healthInterval,
                                     MqttLink.Options options, Optional<Simulation> simulation,
                                     List<PeripheralProbe> probes, Optional<ConfigSync> config) throws IOException {
        return start(bundles, dataDir, healthInterval, options, simulation, probes, config, Clock.systemUTC(),
                CertificateRenewer.Policy.defaults());
    }

    /**
     * @param config  the fleet's remote configuration for the real kiosk (none for simulated ones)
     * @param clock   the agents' time (tests move it to a certificate's end)
     * @param renewal when and how often the kiosks renew their certificates
     */
    public static AgentRuntime start(List<EnrollmentBundle> bundles, Path dataDir, Duration healthInterval,
                                     MqttLink.Options options, Optional<Simulation> simulation,
                                     List<PeripheralProbe> probes, Optional<ConfigSync> config, Clock clock,
                                     CertificateRenewer.Policy renewal) throws IOException {
        String appVersion = appVersion();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(
                Math.min(8, 2 + bundles.size() / 25), daemonThreads());
        OutboxPolicy policy = OutboxPolicy.defaults();
        Files.createDirectories(dataDir);
        Outbox outbox = Outbox.open(dataDir, clock, policy);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                outbox.enforceRetention();
            } catch (OutboxException | RuntimeException e) {
                log.warn("outbox retention: {}", e.getMessage());
            }
        }, 1, 60, TimeUnit.SECONDS);
        Map<String, KioskAgent> agents = new LinkedHashMap<>();
        List<String> serviceIds = CatalogStore.bundled().current().services().stream().map(Service::id).toList();
        for (int i = 0; i < bundles.size(); i++) {
            EnrollmentBundle bundle = bundles.get(i);
            HealthSource health;
            Duration firstSample;
            if (simulation.isPresent()) {
                // String.hashCode is specified, so a kiosk id gives the same simulated machine every run.
                health = new SimulatedHealthSource(bundle.kioskId().hashCode(), clock, appVersion);
                // Staggered so that N kiosks spread their samples over the interval.
                firstSample = FIRST_SAMPLE.plus(healthInterval.multipliedBy(i).dividedBy(bundles.size()));
            } else {
                health = new MachineHealthSource(dataDir, probes, appVersion);
                firstSample = FIRST_SAMPLE;
            }
            // Content releases for the real kiosk only, under <data-dir>/content.
            Optional<Path> contentDir = simulation.isPresent() ? Optional.empty() : Optional.of(dataDir.resolve("content"));
            KioskAgent agent = new KioskAgent(bundle, health, appVersion, options, healthInterval, clock, scheduler,
                    outbox, policy, contentDir, dataDir, commandPorts(simulation.isPresent()), renewal,
                    simulation.isPresent() ? Optional.empty() : config);
            agents.put(bundle.kioskId(), agent);
            agent.start(firstSample);
            if (simulation.isPresent()) {
                SimulatedVisits visits = new SimulatedVisits(agent.usage(), clock, bundle.kioskId().hashCode(),
                        serviceIds, simulation.get().visitsPerHour(), simulation.get().alwaysOpen());
                scheduler.scheduleAtFixedRate(visits::tick, 60_000L * i / bundles.size(), 60_000, TimeUnit.MILLISECONDS);
            }
        }
        log.info("kiosk agent {} started: {} kiosk(s), health every {}s", appVersion, agents.size(),
                healthInterval.toSeconds());
        return new AgentRuntime(scheduler, outbox, agents);
    }

    /** Where the features of one kiosk record usage events (durably, through the outbox). */
    public UsageRecorder usage(String kioskId) {
        return agent(kioskId).usage();
    }

    private KioskAgent agent(String kioskId) {
        KioskAgent agent = agents.get(kioskId);
        if (agent == null) {
            throw new IllegalArgumentException("no kiosk " + kioskId + " in this runtime");
        }
        return agent;
    }

    /** The content releases of one (real, not simulated) kiosk: what the UI plays. */
    public Optional<ContentSync> content(String kioskId) {
        return agent(kioskId).content();
    }

    /** The touch UI of this kiosk, for maintenance mode and screenshots. */
    public void attachScreen(String kioskId, KioskScreen screen) {
        agent(kioskId).commands().attach(screen);
    }

    /**
     * The real machine (systemd, journald) for a kiosk; a simulated machine for simulated kiosks, so
     * that a demo's restart or reboot does not end the process that simulates a hundred of them.
     * Content refresh is the kiosk's content sync where it has one (KioskAgent plugs it in).
     */
    private static CommandHandler.Ports commandPorts(boolean simulated) {
        return simulated
                ? new CommandHandler.Ports(new SimulatedSystemControl(), ContentRefresher.UNAVAILABLE,
                        maxBytes -> "simulated kiosk: its log is the simulator's own process log\n")
                : new CommandHandler.Ports(new SystemdControl(), ContentRefresher.UNAVAILABLE,
                        LogSource.journal(KIOSK_UNIT));
    }

    public int size() {
        return agents.size();
    }

    @Override
    public void close() {
        log.info("stopping {} kiosk(s)", agents.size());
        for (KioskAgent agent : new ArrayList<>(agents.values())) {
            try {
                agent.close();
            } catch (RuntimeException e) {
                log.warn("closing a kiosk failed: {}", e.toString());
            }
        }
        scheduler.shutdownNow();
        outbox.close();
    }

    /** Implementation-Version of the jar manifest; "dev" when run from classes. */
    public static String appVersion() {
        return Optional.ofNullable(AgentRuntime.class.getPackage().getImplementationVersion()).orElse("dev");
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "kiosk-agent-" + n.incrementAndGet());
            // The shutdown hook closes the agents; these threads must not keep a finished JVM alive.
            thread.setDaemon(true);
            return thread;
        };
    }
}
