package vn.p06.fleet.ingest;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
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
import vn.p06.protocol.NoDelaySocketFactory;
import vn.p06.protocol.ProtocolException;
import vn.p06.protocol.Topics;

/**
 * Reads kiosk messages from the broker as an ordinary MQTT 5 client and hands them to the store.
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
    /** Paho message ids are per connection: an ack from an older connection must not be sent. */
    private final AtomicLong connection = new AtomicLong();
    private final StoredConfirmations confirmations;
    private MqttAsyncClient client;

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

    public void start() throws MqttException {
        confirmations.start();
        client = new MqttAsyncClient(broker.clientUrl(), clientId, new MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(new Callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(broker.serviceCredentials().username());
        options.setPassword(broker.serviceCredentials().password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // A persistent session: while this instance is down the broker queues its share. With a
        // shared subscription (several instances) the broker keeps routing a share to a dead
        // instance's session until that session expires (Mosquitto does not skip offline members),
        // so there it expires soon: an instance that restarts within it keeps its queue, one that
        // died hands its share to the others, and kiosks resend what it held (no `stored` came).
        options.setCleanStart(false);
        options.setSessionExpiryInterval(broker.sharedIngest() ? SHARED_SESSION_EXPIRY_SECONDS : TimeUnit.DAYS.toSeconds(1));
        options.setReceiveMaximum(65_535);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 30);
        options.setKeepAliveInterval(30);
        // TCP_NODELAY: without it Nagle and delayed ACKs cap a Paho subscriber near 1k msg/s.
        options.setSocketFactory(new NoDelaySocketFactory());
        client.connect(options).waitForCompletion(TimeUnit.SECONDS.toMillis(30));
        log.info("ingest connected to {} as {}", broker.clientUrl(), clientId);
    }

    private void subscribe() {
        try {
            MqttSubscription[] subscriptions = new MqttSubscription[TELEMETRY.size() + 1];
            for (int i = 0; i < TELEMETRY.size(); i++) {
                Channel channel = TELEMETRY.get(i);
                String filter = broker.sharedIngest() ? Topics.sharedIngest(channel) : Topics.allKiosks(channel);
                subscriptions[i] = new MqttSubscription(filter, 1);
            }
            subscriptions[TELEMETRY.size()] = new MqttSubscription(Topics.allKiosks(Channel.STATUS), 1);
            IMqttToken token = client.subscribe(subscriptions);
            token.waitForCompletion(TimeUnit.SECONDS.toMillis(30));
            for (int code : token.getReasonCodes()) {
                if (code >= 0x80) {
                    log.error("ingest subscription refused by the broker: reason code {}", code);
                }
            }
        } catch (MqttException e) {
            log.error("ingest could not subscribe: {}", e.toString());
        }
    }

    private void received(String topic, MqttMessage message) throws InterruptedException {
        long generation = connection.get();
        int id = message.getId();
        int qos = message.getQos();
        Runnable ack = () -> acknowledge(generation, id, qos);
        byte[] payload = message.getPayload();
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

    private void acknowledge(long generation, int messageId, int qos) {
        if (qos == 0 || generation != connection.get() || !client.isConnected()) {
            return; // the broker redelivers unacknowledged QoS 1 messages on the next connection
        }
        try {
            client.messageArrivedComplete(messageId, qos);
        } catch (MqttException e) {
            log.debug("ack of message {} not sent: {}", messageId, e.toString());
        }
    }

    @Override
    public void close() {
        try {
            if (client != null && client.isConnected()) {
                client.disconnect().waitForCompletion(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (MqttException e) {
            log.debug("ingest disconnect: {}", e.toString());
        }
        writer.close();
        confirmations.close();
        try {
            if (client != null) {
                client.close(true);
            }
        } catch (MqttException e) {
            log.debug("ingest close: {}", e.toString());
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            connection.incrementAndGet();
            // Subscribing off the callback thread: Paho delivers nothing while we wait here.
            new Thread(IngestService.this::subscribe, "ingest-subscribe").start();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            received(topic, message);
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            log.warn("ingest lost the broker: {}", response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("ingest MQTT error: {}", exception.toString());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // this connection publishes nothing
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
