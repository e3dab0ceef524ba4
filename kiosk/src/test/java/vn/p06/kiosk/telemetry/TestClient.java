package vn.p06.kiosk.telemetry;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

/** A plain Paho client playing the fleet side: observer (reads all) or admin (writes commands). */
public final class TestClient implements AutoCloseable {
    /** One message as the fleet side sees it, decoded by the protocol codec. */
    record Received(String topic, Envelope envelope, boolean retained) {
    }

    private static final long TIMEOUT_MS = 10_000;

    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<String> undecodable = new CopyOnWriteArrayList<>();
    /** Every payload as it came over the wire, decodable or not (for privacy checks). */
    public final List<String> payloads = new CopyOnWriteArrayList<>();
    private final MqttAsyncClient client;

    public TestClient(String url, String user, String password, String... filters) throws MqttException {
        client = new MqttAsyncClient(url, user + "-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                payloads.add(new String(message.getPayload(), UTF_8));
                try {
                    received.add(new Received(topic, Codec.decode(topic, message.getPayload()), message.isRetained()));
                } catch (ProtocolException e) {
                    undecodable.add(topic + ": " + e.getMessage());
                }
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
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword(password.getBytes(UTF_8));
        client.connect(options).waitForCompletion(TIMEOUT_MS);
        for (String filter : filters) {
            client.subscribe(filter, 1).waitForCompletion(TIMEOUT_MS);
        }
    }

    void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false).waitForCompletion(TIMEOUT_MS);
    }

    void publish(Envelope envelope) throws MqttException {
        publish(envelope.topic(), Codec.encode(envelope));
    }

    List<Received> on(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).toList();
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
}
