package vn.p06.fleet;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import vn.p06.fleet.broker.EmbeddedBroker;
import vn.p06.fleet.broker.MqttBroker;

/**
 * Everything the fleet server is started with.
 *
 * @param externalBroker   empty for the embedded broker (default); else the external broker's
 *                         URL and the server's credentials there
 * @param brokerPersistence whether the embedded broker keeps queued messages on disk (default) or
 *                         in memory only (faster, but a crash loses what ingest had not taken)
 * @param kioskMqttUrl     the broker address written into kiosk enrollment bundles
 * @param kioskFleetUrl    the HTTP address written into kiosk enrollment bundles
 * @param instanceId       names this instance's persistent MQTT session
 * @param tls              empty: plain MQTT and HTTP only (demo, most tests); else the embedded
 *                         broker adds a TLS listener and HTTP may become HTTPS, with certificates
 *                         from the fleet CA
 * @param postgres         empty for the embedded H2 file under {@code dataDir} (default); else the
 *                         PostgreSQL database several instances share
 */
public record FleetConfig(Path dataDir, String bindAddress, int httpPort, int mqttPort,
                          Optional<ExternalBrokerConfig> externalBroker, EmbeddedBroker.Persistence brokerPersistence,
                          String adminToken,
                          String kioskMqttUrl, String kioskFleetUrl, String instanceId, Optional<TlsConfig> tls,
                          Optional<PostgresConfig> postgres) {

    /** On the embedded H2 store. */
    public FleetConfig(Path dataDir, String bindAddress, int httpPort, int mqttPort,
                       Optional<ExternalBrokerConfig> externalBroker, EmbeddedBroker.Persistence brokerPersistence,
                       String adminToken, String kioskMqttUrl, String kioskFleetUrl, String instanceId,
                       Optional<TlsConfig> tls) {
        this(dataDir, bindAddress, httpPort, mqttPort, externalBroker, brokerPersistence, adminToken, kioskMqttUrl,
                kioskFleetUrl, instanceId, tls, Optional.empty());
    }

    /** Without TLS, on the embedded H2 store. */
    public FleetConfig(Path dataDir, String bindAddress, int httpPort, int mqttPort,
                       Optional<ExternalBrokerConfig> externalBroker, EmbeddedBroker.Persistence brokerPersistence,
                       String adminToken, String kioskMqttUrl, String kioskFleetUrl, String instanceId) {
        this(dataDir, bindAddress, httpPort, mqttPort, externalBroker, brokerPersistence, adminToken, kioskMqttUrl,
                kioskFleetUrl, instanceId, Optional.empty());
    }

    /**
     * @param mqttsPort   the embedded broker's TLS listener (the plain one stays, for password kiosks
     *                    during the migration and the server's own clients)
     * @param https       whether the HTTP port speaks HTTPS
     * @param serverHosts DNS names and IP addresses the server certificate names (what kiosks dial)
     */
    public record TlsConfig(int mqttsPort, boolean https, List<String> serverHosts) {
        public TlsConfig {
            serverHosts = List.copyOf(serverHosts);
        }
    }

    /** The same configuration on a PostgreSQL store (or, with empty, on H2). */
    public FleetConfig withPostgres(Optional<PostgresConfig> database) {
        return new FleetConfig(dataDir, bindAddress, httpPort, mqttPort, externalBroker, brokerPersistence, adminToken,
                kioskMqttUrl, kioskFleetUrl, instanceId, tls, database);
    }

    /** @param password kept out of {@link #toString()} */
    public record PostgresConfig(String url, String user, String password) {
        @Override
        public String toString() {
            return "PostgresConfig[" + url + ", user=" + user + "]";
        }
    }

    public record ExternalBrokerConfig(String url, MqttBroker.ServiceCredentials credentials) {
    }

    @Override
    public String toString() {
        return "FleetConfig[dataDir=" + dataDir + ", bind=" + bindAddress + ", http=" + httpPort + ", mqtt=" + mqttPort
                + ", broker=" + externalBroker.map(ExternalBrokerConfig::url).orElse("embedded")
                + tls.map(t -> ", mqtts=" + t.mqttsPort() + ", https=" + t.https() + ", hosts=" + t.serverHosts())
                        .orElse(", no TLS")
                + ", store=" + postgres.map(PostgresConfig::url).orElse("h2") + "]";
    }
}
