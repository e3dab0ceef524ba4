package vn.p06.fleet.rollout;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.broker.MqttBroker;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.Sql;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;

/**
 * Publishes each kiosk's desired state, the release a rollout told it and the config overlay IT staff
 * set (built here from both, so neither erases the other), on {@code kiosk/v1/{id}/desired}, retained at QoS 1, with
 * the server's own MQTT client (as ingest publishes {@code stored}): a kiosk that is offline gets
 * it when it connects, whenever that is. What was published is kept in {@code kiosk_desired}, the
 * release a rollback returns to. A publish returns only after the broker's PUBACK, so the rollout
 * engine records a kiosk as told only when it was.
 */
final class DesiredStates implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DesiredStates.class);
    private static final long TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);

    private final Database database;
    private final Clock clock;
    private final MqttAsyncClient client;
    private final AtomicLong sequence = new AtomicLong();
    private final KioskConfigs configs;

    DesiredStates(MqttBroker broker, String instanceId, Database database, Clock clock) throws MqttException {
        this.database = database;
        this.configs = new KioskConfigs(database);
        this.clock = clock;
        this.client = new MqttAsyncClient(broker.clientUrl(), "fleet-content-" + instanceId, new MemoryPersistence());
        client.connect(broker.serviceOptions()).waitForCompletion(TIMEOUT_MS);
    }

    /**
     * Tells the kiosk to run {@code release} (with its config overlay, unchanged), or, with a null
     * release, clears the release it was told.
     */
    synchronized void publish(String kioskId, String release, String manifestSha256) throws MqttException {
        send(kioskId, release, manifestSha256, config(kioskId));
        Sql.inTransaction(database, connection -> {
            try (var delete = connection.prepareStatement("DELETE FROM kiosk_desired WHERE kiosk_id = ?");
                 var insert = connection.prepareStatement(
                         "INSERT INTO kiosk_desired (kiosk_id, release, manifest_sha256, updated_at) VALUES (?, ?, ?, ?)")) {
                delete.setString(1, kioskId);
                delete.executeUpdate();
                insert.setString(1, kioskId);
                insert.setString(2, release);
                insert.setString(3, manifestSha256);
                insert.setTimestamp(4, Timestamp.from(clock.instant()));
                return insert.executeUpdate();
            }
        });
        log.debug("desired state of {}: {}", kioskId, release);
    }

    /**
     * Tells the kiosk its new config overlay (with the release it was told, unchanged) and keeps it.
     *
     * @param values checked by the caller ({@code RemoteConfig.parse})
     * @return the overlay's version: one more than the kiosk's last
     */
    synchronized KioskConfigs.Overlay publishConfig(String kioskId, Map<String, String> values, String actor)
            throws MqttException {
        long version = config(kioskId).map(KioskConfigs.Overlay::version).orElse(0L) + 1;
        KioskConfigs.Overlay overlay = new KioskConfigs.Overlay(version, Map.copyOf(values), clock.instant(), actor);
        Told told = told(kioskId);
        send(kioskId, told.release(), told.manifestSha256(), Optional.of(overlay));
        configs.put(kioskId, overlay);
        log.info("config {} of {} published by {}: {}", version, kioskId, actor, values);
        return overlay;
    }

    /** The one place a desired state is built: the release part and the config part together. */
    private void send(String kioskId, String release, String manifestSha256, Optional<KioskConfigs.Overlay> config)
            throws MqttException {
        String topic = Topics.of(kioskId, Channel.DESIRED);
        byte[] payload = release == null && config.isEmpty()
                ? new byte[0] // an empty retained message deletes the retained one
                : Codec.encode(Envelope.create(kioskId, clock.millis(), sequence.incrementAndGet(),
                        new Body.DesiredState(release, manifestSha256, config.map(KioskConfigs.Overlay::version).orElse(0L),
                                config.map(KioskConfigs.Overlay::values).orElse(Map.of()))));
        client.publish(topic, payload, 1, true).waitForCompletion(TIMEOUT_MS);
    }

    private Optional<KioskConfigs.Overlay> config(String kioskId) {
        return configs.find(kioskId);
    }

    private record Told(String release, String manifestSha256) {
    }

    private Told told(String kioskId) {
        return Sql.query(database, "SELECT release, manifest_sha256 FROM kiosk_desired WHERE kiosk_id = ?",
                statement -> statement.setString(1, kioskId), rs -> new Told(rs.getString(1), rs.getString(2))).stream()
                .findFirst().orElse(new Told(null, null));
    }

    /** The release the kiosk was last told to run, or null. */
    String current(String kioskId) {
        return told(kioskId).release();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(TIMEOUT_MS);
            }
            client.close(true);
        } catch (MqttException e) {
            log.debug("content MQTT client close: {}", e.toString());
        }
    }
}
