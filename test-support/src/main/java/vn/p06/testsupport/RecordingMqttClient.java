package vn.p06.testsupport;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.ProtocolException;

/**
 * The one plain Paho v5 client of the tests, in whatever role a test needs (a kiosk, the fleet
 * side, an observer, a benchmark's counting subscriber): connects, subscribes, publishes at QoS 1
 * and records what arrives, which a test then reads or awaits by topic.
 * <p>
 * Messages are taken by one client-wide callback, never by per-subscription listeners: Paho 1.2.5's
 * {@code subscribe(topic, qos, listener)} calls itself until the stack overflows.
 */
public final class RecordingMqttClient implements AutoCloseable {
    private static final long TIMEOUT_MS = 15_000;

    /** One message as it came over the wire. */
    public record Message(String topic, byte[] payload, boolean retained) {
        public String text() {
            return new String(payload, UTF_8);
        }

        /** An empty retained message clears the topic's retained one. */
        public boolean cleared() {
            return payload.length == 0;
        }

        /** Decoded by the protocol codec; a payload it refuses fails the test that asked. */
        public Envelope envelope() {
            try {
                return Codec.decode(topic, payload);
            } catch (ProtocolException e) {
                throw new IllegalStateException("not a protocol message on " + topic, e);
            }
        }
    }

    private final MqttAsyncClient client;
    private final boolean keepMessages;
    private final Queue<Message> received = new ConcurrentLinkedQueue<>();
    private final AtomicLong count = new AtomicLong();
    private volatile long lastArrivalNanos;

    private RecordingMqttClient(MqttAsyncClient client, boolean keepMessages) {
        this.client = client;
        this.keepMessages = keepMessages;
    }

    /** Logs in with a user name and password; the client id is the user's, made unique. */
    public static RecordingMqttClient connect(String url, String user, String password) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword(password.getBytes(UTF_8));
        return connect(url, user + "-" + System.nanoTime(), options);
    }

    /** Connects with the caller's options (a will, a client certificate, clean start...). */
    public static RecordingMqttClient connect(String url, String clientId, MqttConnectionOptions options)
            throws MqttException {
        return start(url, clientId, options, true);
    }

    /**
     * Counts what arrives and keeps none of it: for load runs, where holding every message would
     * measure the test's heap instead of the system.
     */
    public static RecordingMqttClient counting(String url, String clientId, MqttConnectionOptions options)
            throws MqttException {
        return start(url, clientId, options, false);
    }

    private static RecordingMqttClient start(String url, String clientId, MqttConnectionOptions options,
                                             boolean keepMessages) throws MqttException {
        MqttAsyncClient paho = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        RecordingMqttClient recording = new RecordingMqttClient(paho, keepMessages);
        paho.setCallback(recording.new Recorder());
        try {
            paho.connect(options).waitForCompletion(TIMEOUT_MS);
        } catch (MqttException e) {
            paho.close(true);
            throw e;
        }
        return recording;
    }

    /** Subscribes at QoS 1 and returns once the broker has granted the subscriptions. */
    public RecordingMqttClient subscribe(String... filters) throws MqttException {
        for (String filter : filters) {
            client.subscribe(filter, 1).waitForCompletion(TIMEOUT_MS);
        }
        return this;
    }

    /** Publishes at QoS 1 and returns the PUBACK reason codes (0: accepted). */
    public int[] publish(String topic, byte[] payload, boolean retained) throws MqttException {
        IMqttToken token = client.publish(topic, payload, 1, retained);
        token.waitForCompletion(TIMEOUT_MS);
        return token.getReasonCodes() == null ? new int[] {0} : token.getReasonCodes();
    }

    /** Publishes on the envelope's topic, retained where its channel is. */
    public int[] publish(Envelope envelope) throws MqttException {
        return publish(envelope.topic(), Codec.encode(envelope), envelope.type().channel().retained());
    }

    /** Everything received so far, in order of arrival. */
    public List<Message> received() {
        return List.copyOf(received);
    }

    /** What arrived on this exact topic, in order of arrival. */
    public List<Message> received(String topic) {
        return received.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    /** Waits (Awaitility's default limit) for the first message that matches, received before or after the call. */
    public Message await(Predicate<Message> matching) {
        return Awaitility.await().until(() -> received.stream().filter(matching).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    /** Waits as {@link #await(Predicate)} and returns the decoded envelope. */
    public Envelope awaitEnvelope(Predicate<Envelope> matching) {
        return await(m -> !m.cleared() && matching.test(m.envelope())).envelope();
    }

    /** How many messages arrived, kept or not. */
    public long count() {
        return count.get();
    }

    /** {@link System#nanoTime()} when the latest message arrived; 0 before the first. */
    public long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Drops the TCP connection without DISCONNECT, like a device losing power: the broker sends the will. */
    public void kill() throws MqttException {
        client.disconnectForcibly(0, 1000, false);
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(TIMEOUT_MS);
            }
        } finally {
            client.close(true);
        }
    }

    /** Records messages; the connection events are the test's to observe through {@link #isConnected()}. */
    private final class Recorder implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (keepMessages) {
                received.add(new Message(topic, message.getPayload(), message.isRetained()));
            }
            lastArrivalNanos = System.nanoTime();
            count.incrementAndGet();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
