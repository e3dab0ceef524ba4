package vn.p06.fleet.rollout;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import vn.p06.fleet.FleetServer;
import vn.p06.fleet.content.OnMessage;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;

/**
 * Many kiosks through one MQTT connection with the server's service credentials (which may use
 * every kiosk topic): sees every desired state on the real broker, retained ones included, and
 * publishes reported states in the kiosks' names, which ingest stores like any other.
 */
final class FakeKiosks implements AutoCloseable {
    private final MqttClient client;
    /** Kiosk id → release it was last told; absent when cleared or never told. */
    final Map<String, String> desired = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());

    FakeKiosks(FleetServer server, String clientId) throws MqttException {
        client = new MqttClient(server.brokerUrl(), clientId, null);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(server.brokerServiceCredentials().username());
        options.setPassword(server.brokerServiceCredentials().password().getBytes(StandardCharsets.UTF_8));
        client.setCallback((OnMessage) (topic, message) -> {
            String kiosk = Topics.parse(topic).orElseThrow().kioskId();
            if (message.getPayload().length == 0) {
                desired.remove(kiosk);
            } else {
                desired.put(kiosk, ((Body.DesiredState) Codec.decode(topic, message.getPayload()).body()).release());
            }
        });
        client.connect(options);
        client.subscribe(Topics.allKiosks(Channel.DESIRED), 1);
    }

    void active(String kiosk, String release) throws MqttException {
        report(kiosk, new Body.ReportedState(release, null, 100, 0, null, Body.ContentPhase.ACTIVE));
    }

    void failed(String kiosk, String release, String reason) throws MqttException {
        report(kiosk, new Body.ReportedState(null, release, 40, 0, reason, Body.ContentPhase.FAILED));
    }

    void downloading(String kiosk, String release, int percent) throws MqttException {
        report(kiosk, new Body.ReportedState(null, release, percent, 0, null, Body.ContentPhase.DOWNLOADING));
    }

    private void report(String kiosk, Body.ReportedState state) throws MqttException {
        Envelope envelope = Envelope.create(kiosk, clock.incrementAndGet(), 1, state);
        client.publish(envelope.topic(), Codec.encode(envelope), 1, true);
    }

    long told(String release) {
        return desired.values().stream().filter(release::equals).count();
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}
