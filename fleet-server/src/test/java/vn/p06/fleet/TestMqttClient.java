package vn.p06.fleet;

import java.nio.charset.StandardCharsets;
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
import vn.p06.protocol.Body;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;

/** A plain Paho v5 client acting as a kiosk, including a misbehaving one. */
public final class TestMqttClient implements AutoCloseable {
    final MqttAsyncClient client;
    final List<String> disconnects = new CopyOnWriteArrayList<>();
    /** What arrived on the client's subscriptions, decoded (commands, stored confirmations). */
    final List<Envelope> received = new CopyOnWriteArrayList<>();

    private TestMqttClient(MqttAsyncClient client) {
        this.client = client;
    }

    static TestMqttClient connect(String url, String clientId, String user, String password) throws MqttException {
        return connect(url, clientId, user, password, null);
    }

    /** Connects with an optional retained "offline" will, as the kiosk agent does. */
    static TestMqttClient connect(String url, String clientId, String user, String password, String willKioskId)
            throws MqttException {
        return connect(url, clientId, user, password, willKioskId, System.currentTimeMillis());
    }

    /** @param connectionTimestamp stamps the will; the kiosk's "online" for this connection uses the same */
    public static TestMqttClient connect(String url, String clientId, String user, String password, String willKioskId,
                                  long connectionTimestamp) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        return connect(url, clientId, options, willKioskId, connectionTimestamp);
    }

    /** Logs in with a client certificate only (no user name, no password) on an ssl:// listener. */
    static TestMqttClient connectWithCertificate(String url, String clientId, javax.net.ssl.SSLContext tls,
                                                 String willKioskId) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(tls.getSocketFactory());
        options.setHttpsHostnameVerificationEnabled(true); // as the kiosk does
        return connect(url, clientId, options, willKioskId, System.currentTimeMillis());
    }

    private static TestMqttClient connect(String url, String clientId, MqttConnectionOptions options,
                                          String willKioskId, long connectionTimestamp) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        TestMqttClient test = new TestMqttClient(client);
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                test.disconnects.add(String.valueOf(response.getReturnCode()));
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                test.disconnects.add("error " + exception.getReasonCode());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                test.received.add(Codec.decode(topic, message.getPayload()));
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
        });
        options.setCleanStart(true);
        options.setKeepAliveInterval(2);
        if (willKioskId != null) {
            MqttMessage will = new MqttMessage(Codec.encode(Envelope.create(willKioskId, connectionTimestamp, 0,
                    new Body.Status(Body.Presence.OFFLINE, null))), 1, true, null);
            options.setWill(Topics.of(willKioskId, vn.p06.protocol.Channel.STATUS), will);
        }
        client.connect(options).waitForCompletion(15_000);
        return test;
    }

    /** Publishes at QoS 1 and returns the PUBACK reason codes. */
    int[] publish(String topic, byte[] payload, boolean retained) throws MqttException {
        IMqttToken token = client.publish(topic, payload, 1, retained);
        token.waitForCompletion(15_000);
        return token.getReasonCodes() == null ? new int[] {0} : token.getReasonCodes();
    }

    public int[] publish(Envelope envelope) throws MqttException {
        return publish(envelope.topic(), Codec.encode(envelope), envelope.type().channel().retained());
    }

    /** Subscribes to the kiosk's command topic, as the agent does; commands land in {@link #received}. */
    public void subscribeToCommands(String kioskId) throws MqttException {
        client.subscribe(Topics.of(kioskId, vn.p06.protocol.Channel.COMMAND), 1).waitForCompletion(15_000);
    }

    /** Waits (Awaitility's default limit) for a command of this name to arrive, and returns its envelope. */
    public Envelope awaitCommand(String name) {
        return org.awaitility.Awaitility.await().until(() -> received.stream()
                .filter(e -> e.body() instanceof Body.Command command && command.name().equals(name))
                .findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    /** Drops the TCP connection without DISCONNECT, like a kiosk losing power: the will fires. */
    public void kill() throws MqttException {
        client.disconnectForcibly(0, 1000, false);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5000);
        }
        client.close(true);
    }
}
