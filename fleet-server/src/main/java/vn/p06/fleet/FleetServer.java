package vn.p06.fleet;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.api.AdminApi;
import vn.p06.fleet.api.KioskApi;
import vn.p06.fleet.api.OpsApi;
import vn.p06.fleet.broker.EmbeddedBroker;
import vn.p06.fleet.broker.ExternalBroker;
import vn.p06.fleet.broker.MqttBroker;
import vn.p06.fleet.content.ContentService;
import vn.p06.fleet.http.Authenticator;
import vn.p06.fleet.http.BearerTokenAuthenticator;
import vn.p06.fleet.http.HttpServer;
import vn.p06.fleet.http.Router;
import vn.p06.fleet.ingest.IngestService;
import vn.p06.fleet.metrics.FleetMetrics;
import vn.p06.fleet.registry.KioskRegistry;
import vn.p06.fleet.rollout.Rollouts;
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
    private final ContentService content;
    private final Rollouts rollouts;
    private final int httpPort;

    private FleetServer(Database database, MqttBroker broker, IngestService ingest, HttpServer http,
                        FleetMetrics metrics, KioskRepository kiosks, TelemetryRepository telemetry,
                        ContentService content, Rollouts rollouts, int httpPort) {
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
    }

    public static FleetServer start(FleetConfig config, Clock clock) throws Exception {
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

        Authenticator authenticator = new BearerTokenAuthenticator(config.adminToken());
        ContentService content = ContentService.open(config.dataDir(), database, authenticator, clock);
        Rollouts rollouts = Rollouts.start(broker, config.instanceId(), database, content.releases(), clock,
                Rollouts.TICK);

        Router router = new Router(authenticator);
        new OpsApi(metrics).register(router);
        new KioskApi(kiosks, telemetry, clock).register(router);
        new AdminApi(registry, config.kioskMqttUrl(), config.kioskFleetUrl(), content.publicKey()).register(router);
        content.register(router);
        rollouts.register(router);
        HttpServer http = new HttpServer(router, content.streamingHandlers());
        int httpPort = http.start(config.bindAddress(), config.httpPort());
        return new FleetServer(database, broker, ingest, http, metrics, kiosks, telemetry, content, rollouts, httpPort);
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

    /** Content releases and the key that signs them (tests check signatures with it). */
    public ContentService content() {
        return content;
    }

    /** The rollout engine; tests drive its {@code tick()} directly. */
    public Rollouts rollouts() {
        return rollouts;
    }

    @Override
    public void close() {
        http.close();
        rollouts.close();
        content.close();
        ingest.close();
        broker.close();
        database.close();
        log.info("fleet server stopped");
    }
}
