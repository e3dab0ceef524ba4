package vn.p06.fleet.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.broker.MqttBroker;

/**
 * Carries live events between fleet-server instances over the shared broker: each instance
 * publishes its own events on {@value #TOPIC} and delivers the other instances' events to its
 * local listeners (the browsers connected to it). With the shared ingest subscription each
 * instance stores only its share of the fleet's messages; without this bridge a dashboard would
 * see only that share live. QoS 0: live updates are a convenience; a browser that missed one
 * reloads the state when it reconnects.
 */
public final class LiveEventsBridge implements AutoCloseable {
    static final String TOPIC = "fleet/v1/live";
    private static final Logger log = LoggerFactory.getLogger(LiveEventsBridge.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** The wire form: who sent it, and the event. */
    record Wire(String origin, String type, String kioskId, JsonNode payload) {
    }

    private final LiveEvents events;
    private final String instanceId;
    private final MqttAsyncClient client;
    private AutoCloseable subscription;

    public LiveEventsBridge(LiveEvents events, MqttBroker broker, String instanceId) throws MqttException {
        this.events = events;
        this.instanceId = instanceId;
        this.client = new MqttAsyncClient(broker.clientUrl(), "fleet-live-" + instanceId, new MemoryPersistence());
        client.setCallback(new Inbound());
        client.connect(broker.serviceOptions()).waitForCompletion(TimeUnit.SECONDS.toMillis(30));
    }

    /** Starts forwarding this instance's events out and the others' in. */
    public LiveEventsBridge start() throws MqttException {
        subscribe();
        subscription = events.subscribe(this::forward);
        return this;
    }

    private void subscribe() {
        try {
            client.subscribe(TOPIC, 0).waitForCompletion(TimeUnit.SECONDS.toMillis(30));
        } catch (MqttException e) {
            log.warn("live bridge could not subscribe: {}", e.toString());
        }
    }

    private void forward(LiveEvents.Event event) {
        if (event.origin() != null || !client.isConnected()) {
            return; // another instance's event, or the broker is away: live updates are best effort
        }
        try {
            byte[] payload = JSON.writeValueAsBytes(new Wire(instanceId, event.type(), event.kioskId(),
                    JSON.valueToTree(event.payload())));
            client.publish(TOPIC, payload, 0, false);
        } catch (Exception e) {
            log.debug("live event {} not bridged: {}", event.type(), e.toString());
        }
    }

    @Override
    public void close() {
        try {
            if (subscription != null) {
                subscription.close();
            }
            client.disconnect().waitForCompletion(TimeUnit.SECONDS.toMillis(5));
            client.close();
        } catch (Exception e) {
            log.debug("live bridge close: {}", e.toString());
        }
    }

    private final class Inbound implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                Wire wire = JSON.readValue(message.getPayload(), Wire.class);
                if (!instanceId.equals(wire.origin())) {
                    events.deliverRemote(new LiveEvents.Event(wire.type(), wire.kioskId(), wire.payload(), wire.origin()));
                }
            } catch (Exception e) {
                log.warn("malformed live event on {} ignored: {}", topic, e.toString());
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                new Thread(LiveEventsBridge.this::subscribe, "live-bridge-subscribe").start();
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            log.info("live bridge disconnected: {}", response.getReasonString());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.debug("live bridge: {}", exception.toString());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // QoS 0: nothing to track
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
