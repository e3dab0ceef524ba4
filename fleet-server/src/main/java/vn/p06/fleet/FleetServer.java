package vn.p06.fleet;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.api.AdminApi;
import vn.p06.fleet.api.KioskApi;
import vn.p06.fleet.api.OpsApi;
import vn.p06.fleet.broker.EmbeddedBroker;
import vn.p06.fleet.broker.ExternalBroker;
import vn.p06.fleet.broker.MqttBroker;
import vn.p06.fleet.http.BearerTokenAuthenticator;
import vn.p06.fleet.http.HttpServer;
import vn.p06.fleet.http.Router;
import vn.p06.fleet.ingest.IngestService;
import vn.p06.fleet.metrics.FleetMetrics;
import vn.p06.fleet.pki.CertificateApi;
import vn.p06.fleet.pki.FleetCa;
import vn.p06.fleet.pki.ServerIdentity;
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

    private FleetServer(Database database, MqttBroker broker, IngestService ingest, HttpServer http,
                        FleetMetrics metrics, KioskRepository kiosks, TelemetryRepository telemetry, int httpPort) {
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
        log.info("starting {}", config);
        FleetMetrics metrics = new FleetMetrics();
        Database database = Database.openH2(config.dataDir().resolve("db"));
        KioskRepository kiosks = new KioskRepository(database);
        TelemetryRepository telemetry = new TelemetryRepository(database);
        KioskRegistry registry = new KioskRegistry(kiosks, clock);
        metrics.kiosksOnline(kiosks::countOnline);
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
            ca.ledger().revokeKiosk(kioskId);
            broker.disconnect(kioskId);
        });

        IngestService ingest = new IngestService(broker, config.instanceId(), telemetry, kiosks, metrics, clock);
        ingest.start();

        Router router = new Router(new BearerTokenAuthenticator(config.adminToken()));
        new OpsApi(metrics).register(router);
        new KioskApi(kiosks, telemetry, clock).register(router);
        new AdminApi(registry, config.kioskMqttUrl(), config.kioskFleetUrl(), ca).register(router);
        new CertificateApi(registry, ca).register(router);
        HttpServer http = new HttpServer(router);
        if (identity.isPresent() && config.tls().get().https()) {
            http.tls(identity.get().nettyServerContext());
        }
        int httpPort = http.start(config.bindAddress(), config.httpPort());
        return new FleetServer(database, broker, ingest, http, metrics, kiosks, telemetry, httpPort);
    }

    private static EmbeddedBroker.TlsListener brokerTls(int port, ServerIdentity identity, Path brokerDir)
            throws java.io.IOException {
        ServerIdentity.KeyStoreFiles stores = identity.writeKeyStores(brokerDir.resolve("tls"));
        return new EmbeddedBroker.TlsListener(port, stores.keyStore(), stores.trustStore(), stores.password());
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

    @Override
    public void close() {
        http.close();
        ingest.close();
        broker.close();
        database.close();
        log.info("fleet server stopped");
    }
}
