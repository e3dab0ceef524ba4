package vn.p06.fleet.ingest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.broker.MqttBroker;
import vn.p06.fleet.live.LiveEvents;
import vn.p06.fleet.metrics.FleetMetrics;
import vn.p06.fleet.store.IngestBatch;
import vn.p06.fleet.store.KioskRepository;
import vn.p06.fleet.store.TelemetryRepository;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.ProtocolException;
import vn.p06.protocol.Topics;

/**
 * Reads kiosk messages from the broker as an ordinary MQTT 5 client ({@link IngestConnection}) and
 * hands them to the store.
 * <p>
 * On an external broker telemetry comes through the shared subscription {@code $share/ingest/...},
 * so several server instances split it; on the embedded broker (one instance) through a plain one
 * (see {@link MqttBroker#sharedIngest()}). Status always comes through a plain subscription, because
 * shared subscriptions do not receive retained messages and every instance must know who is online. Acknowledgements are
 * manual: a PUBACK leaves only after the message is committed. The {@code stored} confirmations go out
 * on a connection of their own ({@link StoredConfirmations}).
 */
public final class IngestService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    private static final List<Channel> TELEMETRY = List.of(Channel.HEALTH, Channel.EVENTS, Channel.COMMAND_ACK,
            Channel.REPORTED);

    private final MqttBroker broker;
    private final String clientId;
    private final FleetMetrics metrics;
    private final Clock clock;
    private final BatchWriter writer;
    private final StoredConfirmations confirmations;
    private IngestConnection connection;

    public IngestService(MqttBroker broker, String instanceId, TelemetryRepository telemetry, KioskRepository kiosks,
                         FleetMetrics metrics, Clock clock, LiveEvents live) {
        this.broker = broker;
        this.clientId = "fleet-ingest-" + instanceId;
        this.metrics = metrics;
        this.clock = clock;
        this.confirmations = new StoredConfirmations(broker, instanceId, clock);
        this.writer = new BatchWriter(telemetry, kiosks, metrics, clock, confirmations, live);
    }

    /** How long a dead instance's share of a shared subscription stays queued for it. */
    static final long SHARED_SESSION_EXPIRY_SECONDS = 30;

    public void start() throws IOException, MqttException {
        confirmations.start();
        List<String> filters = new ArrayList<>();
        for (Channel channel : TELEMETRY) {
            filters.add(broker.sharedIngest() ? Topics.sharedIngest(channel) : Topics.allKiosks(channel));
        }
        filters.add(Topics.allKiosks(Channel.STATUS));
        // A persistent session: while this instance is down the broker queues its share. With a
        // shared subscription (several instances) the broker keeps routing a share to a dead
        // instance's session until that session expires (Mosquitto does not skip offline members),
        // so there it expires soon: an instance that restarts within it keeps its queue, one that
        // died hands its share to the others, and kiosks resend what it held (no `stored` came).
        long sessionExpiry = broker.sharedIngest() ? SHARED_SESSION_EXPIRY_SECONDS : TimeUnit.DAYS.toSeconds(1);
        connection = new IngestConnection(broker.clientUrl(), clientId, broker.serviceCredentials(), sessionExpiry,
                filters, this::received);
        connection.start(Duration.ofSeconds(30));
    }

    private void received(String topic, byte[] payload, Runnable ack) throws InterruptedException {
        try {
            Envelope envelope = Codec.decode(topic, payload);
            metrics.messageIn(envelope.type().wireName());
            writer.submit(Received.accepted(envelope, clock.instant(), ack));
        } catch (ProtocolException e) {
            metrics.rejected(e.reason().label());
            log.warn("refused a message on {}: {}", topic, e.getMessage());
            writer.submit(Received.refused(
                    IngestBatch.Rejected.of(topic, e.reason().label(), e.getMessage(), payload, clock.instant()), ack));
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
        writer.close();
        confirmations.close();
    }
}
