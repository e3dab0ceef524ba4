package vn.p06.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.NoDelaySocketFactory;

/**
 * A minimal publishing kiosk for load generation: QoS 1, as many in flight as the broker's
 * receive maximum allows (a semaphore), TCP_NODELAY.
 */
final class BenchKiosk implements AutoCloseable {
    private final MqttAsyncClient client;
    private final Semaphore window;

    BenchKiosk(String url, String kioskId, String secret) throws MqttException {
        client = new MqttAsyncClient(url, kioskId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(kioskId);
        options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        options.setSocketFactory(new NoDelaySocketFactory());
        options.setCleanStart(true);
        IMqttToken connected = client.connect(options);
        connected.waitForCompletion(30_000);
        Integer receiveMaximum = connected.getResponseProperties() == null ? null
                : connected.getResponseProperties().getReceiveMaximum();
        window = new Semaphore(receiveMaximum == null ? 65_535 : receiveMaximum);
    }

    void publish(Envelope envelope) throws MqttException, InterruptedException {
        window.acquire();
        MqttMessage message = new MqttMessage(Codec.encode(envelope), 1, false, null);
        client.publish(envelope.topic(), message, null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                window.release();
            }
        });
    }

    @Override
    public void close() throws MqttException {
        client.disconnect().waitForCompletion(10_000);
        client.close(true);
    }
}
