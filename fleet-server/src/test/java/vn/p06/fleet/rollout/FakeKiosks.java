package vn.p06.fleet.rollout;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import vn.p06.fleet.FleetServer;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;
import vn.p06.testsupport.RecordingMqttClient;

/**
 * Many kiosks through one MQTT connection with the server's service credentials (which may use
 * every kiosk topic): sees every desired state on the real broker, retained ones included, and
 * publishes reported states in the kiosks' names, which ingest stores like any other.
 */
final class FakeKiosks implements AutoCloseable {
    private final RecordingMqttClient client;
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());

    FakeKiosks(FleetServer server, String clientId) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(server.brokerServiceCredentials().username());
        options.setPassword(server.brokerServiceCredentials().password().getBytes(StandardCharsets.UTF_8));
        client = RecordingMqttClient.connect(server.brokerUrl(), clientId, options)
                .subscribe(Topics.allKiosks(Channel.DESIRED));
    }

    /** Kiosk id → release it was last told; absent when cleared or never told. */
    Map<String, String> desired() {
        Map<String, String> desired = new LinkedHashMap<>();
        for (RecordingMqttClient.Message message : client.received()) {
            String kiosk = Topics.parse(message.topic()).orElseThrow().kioskId();
            if (message.cleared()) {
                desired.remove(kiosk);
            } else {
                desired.put(kiosk, ((Body.DesiredState) message.envelope().body()).release());
            }
        }
        return desired;
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
        client.publish(envelope.topic(), Codec.encode(envelope), true);
    }

    long told(String release) {
        return desired().values().stream().filter(release::equals).count();
    }

    @Override
    public void close() throws MqttException {
        client.close();
    }
}
