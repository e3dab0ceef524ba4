package vn.p06.fleet;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.alert.AlertApi;
import vn.p06.fleet.alert.AlertEngine;
import vn.p06.fleet.api.AdminApi;
import vn.p06.fleet.api.KioskApi;
import vn.p06.fleet.api.OpsApi;
import vn.p06.fleet.broker.EmbeddedBroker;
import vn.p06.fleet.broker.ExternalBroker;
import vn.p06.fleet.broker.MqttBroker;
import vn.p06.fleet.auth.AuthApi;
import vn.p06.fleet.auth.FirstAdmin;
import vn.p06.fleet.auth.JdbcAuditLog;
import vn.p06.fleet.auth.SessionAuthenticator;
import vn.p06.fleet.auth.UserStore;
import vn.p06.fleet.command.CommandApi;
import vn.p06.fleet.command.CommandService;
import vn.p06.fleet.content.ContentService;
import vn.p06.fleet.http.Authenticator;
import vn.p06.fleet.http.BearerTokenAuthenticator;
import vn.p06.fleet.http.HttpServer;
import vn.p06.fleet.http.Router;
import vn.p06.fleet.ingest.IngestService;
import vn.p06.fleet.live.LiveEvents;
import vn.p06.fleet.live.LiveEventsBridge;
import vn.p06.fleet.metrics.FleetMetrics;
import vn.p06.fleet.pki.CertificateApi;
import vn.p06.fleet.pki.FleetCa;
import vn.p06.fleet.pki.ServerIdentity;
import vn.p06.fleet.registry.KioskRegistry;
import vn.p06.fleet.rollout.Rollouts;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.JobLeases;
import vn.p06.fleet.store.KioskRepository;
import vn.p06.fleet.store.Retention;
import vn.p06.fleet.store.TelemetryRepository;
import vn.p06.fleet.web.LiveStream;
import vn.p06.fleet.web.StaticFiles;
import vn.p06.fleet.web.WebApi;

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
    private final ContentService content;
    private final Rollouts rollouts;
    private final int httpPort;
    private final LiveEvents live;
    private final JdbcAuditLog audit;
    private final UserStore users;
    private final ExecutorService liveAuth;
    private final ScheduledExecutorService jobs;
    private final LiveEventsBridge bridge;
    private final AlertEngine alerts;
    private final CommandService commands;
    private final FleetCa ca;

    /** Health samples, reported states and refused messages older than this are pruned hourly. */
    static final Duration HEALTH_RETENTION = Duration.ofDays(90);

    private FleetServer(Database database, MqttBroker broker, IngestService ingest, HttpServer http,
                        FleetMetrics metrics, KioskRepository kiosks, TelemetryRepository telemetry,
                        ContentService content, Rollouts rollouts, int httpPort,
                        LiveEvents live, JdbcAuditLog audit, UserStore users, ExecutorService liveAuth,
                        ScheduledExecutorService jobs, LiveEventsBridge bridge, AlertEngine alerts,
                        CommandService commands, FleetCa ca) {
        this.ca = ca;
        this.alerts = alerts;
        this.commands = commands;
        this.database = database;
        this.content = content;
        this.rollouts = rollouts;
        this.broker = broker;
        this.ingest = ingest;
        this.http = http;
        this.metrics = metrics;
        this.kiosks = kiosks;
        this.telemetry = telemetry;
        this.httpPort = httpPort;
        this.live = live;
        this.audit = audit;
        this.users = users;
        this.liveAuth = liveAuth;
        this.jobs = jobs;
        this.bridge = bridge;
    }

    public static FleetServer start(FleetConfig config, Clock clock) throws Exception {
        log.info("starting {}", config);
        FleetMetrics metrics = new FleetMetrics();
        Database database = config.postgres()
                .map(pg -> Database.openPostgres(pg.url(), pg.user(), pg.password()))
                .orElseGet(() -> Database.openH2(config.dataDir().resolve("db")));
        KioskRepository kiosks = new KioskRepository(database);
        TelemetryRepository telemetry = new TelemetryRepository(database);
        KioskRegistry registry = new KioskRegistry(kiosks, clock);
        metrics.kiosksOnline(kiosks::countOnline);
        LiveEvents live = new LiveEvents();
        JdbcAuditLog audit = new JdbcAuditLog(database, clock);
        UserStore users = new UserStore(database);
        FirstAdmin.ensure(users, config.dataDir(), clock);
        // Always there, so that enrollment can issue certificates before TLS is switched on.
        FleetCa ca = FleetCa.openOrCreate(config.dataDir().resolve("pki"), clock);
        Optional<ServerIdentity> identity = config.tls().isEmpty() ? Optional.empty()
                : Optional.of(ca.serverIdentity(config.tls().get().serverHosts()));
        Optional<EmbeddedBroker.TlsListener> brokerTls = identity.isEmpty() ? Optional.empty() : Optional.of(
                brokerTls(config.tls().get().mqttsPort(), identity.get(), config.dataDir().resolve("broker")));

        MqttBroker broker = config.externalBroker()
                .<MqttBroker>map(external -> new ExternalBroker(external.url(), external.credentials()))
                .orElseGet(() -> new EmbeddedBroker(config.bindAddress(), config.mqttPort(), brokerTls,
                        config.dataDir().resolve("broker"), config.brokerPersistence(), registry, ca, metrics));
        if (config.externalBroker().isEmpty()) {
            // The embedded broker restarts with us: every kiosk connection was dropped.
            kiosks.markAllOffline(clock.instant());
        }
        broker.start();
        registry.onRevoked(kioskId -> {
            // Certificates first: the reconnect that follows the drop must already be refused.
            ca.revokeKiosk(kioskId);
            broker.disconnect(kioskId);
        });

        IngestService ingest = new IngestService(broker, config.instanceId(), telemetry, kiosks, metrics, clock, live);
        ingest.start();
        // Several instances share the broker only when it is external: then each ingests a share,
        // and the bridge lets every dashboard see the whole fleet live.
        LiveEventsBridge bridge = broker.sharedIngest()
                ? new LiveEventsBridge(live, broker, config.instanceId()).start() : null;

        ScheduledExecutorService jobs = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "fleet-jobs");
            thread.setDaemon(true);
            return thread;
        });
        JobLeases leases = new JobLeases(database, config.instanceId(), clock);
        Retention retention = new Retention(database, clock, HEALTH_RETENTION);
        jobs.scheduleWithFixedDelay(() -> leases.runIfHeld("retention", Duration.ofMinutes(65), retention::prune),
                1, 60, TimeUnit.MINUTES);

        AlertEngine alerts = new AlertEngine(database, kiosks, live, audit, clock, AlertEngine.Policy.defaults(), jobs);
        CommandService commands = CommandService.overMqtt(database, broker, config.instanceId(), live, audit, clock);
        // One instance evaluates the rules and settles command states: whichever holds the lease.
        jobs.scheduleWithFixedDelay(() -> leases.runIfHeld("alerts", Duration.ofMinutes(1), alerts::tick),
                10, 10, TimeUnit.SECONDS);
        jobs.scheduleWithFixedDelay(() -> leases.runIfHeld("commands", Duration.ofSeconds(10), commands::tick),
                1, 1, TimeUnit.SECONDS);
        // A CRL carries a nextUpdate; re-signing it daily keeps an external broker's copy current.
        jobs.scheduleWithFixedDelay(() -> {
            try {
                ca.publishCrl();
            } catch (RuntimeException e) {
                log.error("the CRL could not be re-published", e);
            }
        }, 1, 1, TimeUnit.DAYS);

        SessionAuthenticator sessions = new SessionAuthenticator(users, database, clock);
        Authenticator callers = Authenticator.firstOf(new BearerTokenAuthenticator(config.adminToken()), sessions);
        ContentService content = ContentService.open(config.dataDir(), database, callers, clock);
        Rollouts rollouts = Rollouts.start(broker, config.instanceId(), database, content.releases(), clock,
                Rollouts.TICK, leases, kiosks, audit);

        Router router = new Router(callers);
        new OpsApi(metrics).register(router);
        new KioskApi(kiosks, telemetry, clock).register(router);
        new AdminApi(registry, config.kioskMqttUrl(), config.kioskFleetUrl(), content.publicKey(), ca, audit)
                .register(router);
        new CertificateApi(registry, ca).register(router);
        content.register(router);
        rollouts.register(router);
        new AlertApi(alerts, kiosks, clock).register(router);
        new CommandApi(commands, kiosks, registry).register(router);
        new AuthApi(sessions, users, audit, clock).register(router);
        new WebApi(database, kiosks, audit, clock).register(router);
        new StaticFiles().register(router);
        ExecutorService liveAuth = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "live-auth");
            thread.setDaemon(true);
            return thread;
        });
        List<java.util.function.Supplier<io.netty.channel.ChannelHandler>> streaming =
                new java.util.ArrayList<>(content.streamingHandlers());
        streaming.add(LiveStream.factory(live, callers, liveAuth));
        HttpServer http = new HttpServer(router, streaming);
        if (identity.isPresent() && config.tls().get().https()) {
            http.tls(identity.get().nettyServerContext());
        }
        int httpPort = http.start(config.bindAddress(), config.httpPort());
        return new FleetServer(database, broker, ingest, http, metrics, kiosks, telemetry, content, rollouts, httpPort,
                live, audit, users, liveAuth, jobs, bridge, alerts, commands, ca);
    }

    private static EmbeddedBroker.TlsListener brokerTls(int port, ServerIdentity identity, Path brokerDir)
            throws java.io.IOException {
        ServerIdentity.KeyStoreFiles stores = identity.writeKeyStores(brokerDir.resolve("tls"));
        return new EmbeddedBroker.TlsListener(port, stores.keyStore(), stores.trustStore(), stores.password());
    }

    /** The fleet CA: its ledger, CRL and which certificate each kiosk logs in with. */
    public FleetCa ca() {
        return ca;
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

    /** The alert engine; tests drive its {@code tick()} directly. */
    public AlertEngine alerts() {
        return alerts;
    }

    /** Remote commands; tests drive its {@code tick()} directly. */
    public CommandService commands() {
        return commands;
    }

    /** Content releases and the key that signs them (tests check signatures with it). */
    public ContentService content() {
        return content;
    }

    /** The rollout engine; tests drive its {@code tick()} directly. */
    public Rollouts rollouts() {
        return rollouts;
    }

    /** The live-event bus (the dashboard streams it; alerts, commands and content publish on it). */
    public LiveEvents live() {
        return live;
    }

    public JdbcAuditLog audit() {
        return audit;
    }

    /** Dashboard users; tests and the benchmark create theirs here. */
    public UserStore users() {
        return users;
    }

    @Override
    public void close() {
        jobs.shutdownNow();
        http.close();
        rollouts.close();
        content.close();
        liveAuth.shutdownNow();
        if (bridge != null) {
            bridge.close();
        }
        commands.close();
        ingest.close();
        broker.close();
        database.close();
        log.info("fleet server stopped");
    }
}
