package vn.p06.fleet;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import vn.p06.fleet.alert.AlertApi;
import vn.p06.fleet.alert.AlertEngine;
import vn.p06.fleet.api.AdminApi;
import vn.p06.fleet.api.KioskApi;
import vn.p06.fleet.api.OpsApi;
import vn.p06.fleet.broker.EmbeddedBroker;
import vn.p06.fleet.broker.ExternalBroker;
import vn.p06.fleet.broker.MqttBroker;
import vn.p06.fleet.audit.AuditLog;
import vn.p06.fleet.command.CommandApi;
import vn.p06.fleet.command.CommandService;
import vn.p06.fleet.live.LiveEvents;
import vn.p06.fleet.http.BearerTokenAuthenticator;
import vn.p06.fleet.http.HttpServer;
import vn.p06.fleet.http.Router;
import vn.p06.fleet.ingest.IngestService;
import vn.p06.fleet.metrics.FleetMetrics;
import vn.p06.fleet.registry.KioskRegistry;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.KioskRepository;
import vn.p06.fleet.store.TelemetryRepository;

/**
 * The fleet server, wired: store → registry → broker → ingest → HTTP. Wiring only; each part
 * lives in its own package. Stopped in the reverse order.
 */
public final class FleetServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FleetServer.class);

    private final Database database;
    private final MqttBroker broker;
    private final IngestService ingest;
    private final HttpServer http;
    private final FleetMetrics metrics;
    private final KioskRepository kiosks;
    private final TelemetryRepository telemetry;
    private final int httpPort;
    private final Jobs jobs;

    /** The periodic jobs and the services they drive. */
    private record Jobs(ScheduledExecutorService scheduler, AlertEngine alerts, CommandService commands,
                        LiveEvents live) {
    }

    private FleetServer(Database database, MqttBroker broker, IngestService ingest, HttpServer http,
                        FleetMetrics metrics, KioskRepository kiosks, TelemetryRepository telemetry, int httpPort,
                        Jobs jobs) {
        this.jobs = jobs;
        this.database = database;
        this.broker = broker;
        this.ingest = ingest;
        this.http = http;
        this.metrics = metrics;
        this.kiosks = kiosks;
        this.telemetry = telemetry;
        this.httpPort = httpPort;
    }

    public static FleetServer start(FleetConfig config, Clock clock) throws Exception {
        // Until the JDBC audit log (table audit_log) is wired, entries go to the "audit" logger.
        org.slf4j.Logger audit = LoggerFactory.getLogger("audit");
        return start(config, clock, (actor, action, target, detail) ->
                audit.info("{} {} {} {}", actor, action, target, detail));
    }

    public static FleetServer start(FleetConfig config, Clock clock, AuditLog audit) throws Exception {
        log.info("starting {}", config);
        FleetMetrics metrics = new FleetMetrics();
        Database database = Database.openH2(config.dataDir().resolve("db"));
        KioskRepository kiosks = new KioskRepository(database);
        TelemetryRepository telemetry = new TelemetryRepository(database);
        KioskRegistry registry = new KioskRegistry(kiosks, clock);
        metrics.kiosksOnline(kiosks::countOnline);

        MqttBroker broker = config.externalBroker()
                .<MqttBroker>map(external -> new ExternalBroker(external.url(), external.credentials()))
                .orElseGet(() -> new EmbeddedBroker(config.bindAddress(), config.mqttPort(),
                        config.dataDir().resolve("broker"), config.brokerPersistence(), registry, metrics));
        if (config.externalBroker().isEmpty()) {
            // The embedded broker restarts with us: every kiosk connection was dropped.
            kiosks.markAllOffline(clock.instant());
        }
        broker.start();
        registry.onRevoked(broker::disconnect);

        IngestService ingest = new IngestService(broker, config.instanceId(), telemetry, kiosks, metrics, clock);
        ingest.start();

        LiveEvents live = new LiveEvents();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "fleet-jobs");
            thread.setDaemon(true);
            return thread;
        });
        AlertEngine alerts = new AlertEngine(database, kiosks, live, audit, clock, AlertEngine.Policy.defaults(),
                scheduler);
        CommandService commands = CommandService.overMqtt(database, broker, config.instanceId(), live, audit, clock);
        scheduler.scheduleWithFixedDelay(guarded("alert rules", alerts::tick), 10, 10, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(guarded("command acks", commands::tick), 1, 1, TimeUnit.SECONDS);

        Router router = new Router(new BearerTokenAuthenticator(config.adminToken()));
        new OpsApi(metrics).register(router);
        new KioskApi(kiosks, telemetry, clock).register(router);
        new AdminApi(registry, config.kioskMqttUrl(), config.kioskFleetUrl()).register(router);
        new AlertApi(alerts, kiosks, clock).register(router);
        new CommandApi(commands, kiosks, registry).register(router);
        HttpServer http = new HttpServer(router);
        int httpPort = http.start(config.bindAddress(), config.httpPort());
        return new FleetServer(database, broker, ingest, http, metrics, kiosks, telemetry, httpPort,
                new Jobs(scheduler, alerts, commands, live));
    }

    /** A periodic job that logs its failure and runs again next time (an uncaught one would stop it for good). */
    private static Runnable guarded(String name, Runnable job) {
        return () -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                log.error("{} job failed; it runs again at its next period", name, e);
            }
        };
    }

    public int httpPort() {
        return httpPort;
    }

    public String brokerUrl() {
        return broker.clientUrl();
    }

    /** The server's own broker credentials, for in-process tools such as the load generator. */
    public MqttBroker.ServiceCredentials brokerServiceCredentials() {
        return broker.serviceCredentials();
    }

    /** For tests and the load generator: direct read access to what was stored. */
    public TelemetryRepository telemetry() {
        return telemetry;
    }

    public KioskRepository kiosks() {
        return kiosks;
    }

    public FleetMetrics metrics() {
        return metrics;
    }

    public AlertEngine alerts() {
        return jobs.alerts();
    }

    public CommandService commands() {
        return jobs.commands();
    }

    public LiveEvents live() {
        return jobs.live();
    }

    @Override
    public void close() {
        http.close();
        jobs.scheduler().shutdownNow();
        jobs.commands().close();
        ingest.close();
        broker.close();
        database.close();
        log.info("fleet server stopped");
    }
}
