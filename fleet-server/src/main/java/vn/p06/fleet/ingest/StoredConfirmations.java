package vn.p06.fleet.ingest;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.broker.MqttBroker;
import vn.p06.protocol.Body;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;

/**
 * Publishes {@code stored} confirmations on a connection of their own. On the ingest connection
 * they stalled: a publish is completed (its slot in the broker's receive maximum freed) by the same
 * thread that delivers messages, and that thread blocks while the writer's queue is full. The
 * writer then waited for a slot that only the blocked thread could free, gave up after 5 s, and
 * kiosks resent whole backlogs for want of a confirmation (10,000-kiosk storm: 3,240 of 1,800,000
 * records confirmed in 66 s). Here nothing ever blocks the callback thread.
 */
final class StoredConfirmations implements BatchWriter.Confirmations, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoredConfirmations.class);

    private final MqttBroker broker;
    private final String clientId;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    /** Sized from CONNACK's receive maximum: Paho refuses more in flight (32202). */
    private final Semaphore window = new Semaphore(0);
    private MqttAsyncClient client;

    StoredConfirmations(MqttBroker broker, String instanceId, Clock clock) {
        this.broker = broker;
        this.clientId = "fleet-stored-" + instanceId;
        this.clock = clock;
    }

    void start() throws MqttException {
        client = new MqttAsyncClient(broker.clientUrl(), clientId, new MemoryPersistence());
        IMqttToken connected = client.connect(broker.serviceOptions());
        connected.waitForCompletion(TimeUnit.SECONDS.toMillis(30));
        Integer receiveMaximum = connected.getResponseProperties() == null ? null
                : connected.getResponseProperties().getReceiveMaximum();
        window.release(receiveMaximum == null ? 65_535 : receiveMaximum);
    }

    /**
     * QoS 1 to the kiosk's persistent session: an offline kiosk gets it when it is back. Waits for a
     * slot when the broker's receive maximum is reached, which slows ingest down instead of dropping
     * confirmations. A confirmation still lost (broker gone) costs only a resend, which the message
     * ids make harmless.
     */
    @Override
    public void stored(String kioskId, List<String> messageIds) {
        Envelope confirmation = Envelope.create(kioskId, clock.millis(), sequence.incrementAndGet(),
                new Body.Stored(messageIds));
        try {
            if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
                log.warn("confirmation to {} not sent: no PUBACK from the broker for 30 s; the kiosk will resend",
                        kioskId);
                return;
            }
            client.publish(confirmation.topic(), Codec.encode(confirmation), 1, false, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    window.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    window.release();
                }
            });
        } catch (MqttException e) {
            window.release();
            log.debug("confirmation to {} not sent ({}); the kiosk will resend and be confirmed then",
                    kioskId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            if (client != null && client.isConnected()) {
                client.disconnect().waitForCompletion(TimeUnit.SECONDS.toMillis(5));
            }
            if (client != null) {
                client.close(true);
            }
        } catch (MqttException e) {
            log.debug("confirmations disconnect: {}", e.toString());
        }
    }
}
