package vn.p06.fleet.command;

import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.broker.MqttBroker;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;

/**
 * Commands go out through the server's own MQTT client (the service user, like ingest's), QoS 1 and
 * not retained: a kiosk that is offline gets the command from its persistent session when it comes
 * back, and a command never outlives that session as a retained message would. The kiosk drops it
 * then if it has expired.
 */
final class MqttCommandTransport implements CommandTransport {
    private static final Logger log = LoggerFactory.getLogger(MqttCommandTransport.class);
    private static final long TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);

    private final MqttAsyncClient client;

    MqttCommandTransport(MqttBroker broker, String instanceId) throws MqttException {
        client = new MqttAsyncClient(broker.clientUrl(), "fleet-commands-" + instanceId, new MemoryPersistence());
        client.connect(broker.serviceOptions()).waitForCompletion(TIMEOUT_MS);
        log.info("commands connected to {}", broker.clientUrl());
    }

    @Override
    public void publish(Envelope command) throws MqttException {
        client.publish(command.topic(), Codec.encode(command), 1, false).waitForCompletion(TIMEOUT_MS);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5000);
            }
            client.close(true);
        } catch (MqttException e) {
            log.debug("commands client close: {}", e.toString());
        }
    }
}
