package vn.p06.fleet.content;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A Paho callback that only takes messages. Tests use it instead of per-subscription listeners:
 * Paho 1.2.5's {@code MqttClient.subscribe(topic, qos, listener)} calls itself until the stack overflows.
 */
public interface OnMessage extends MqttCallback {

    void message(String topic, MqttMessage message) throws Exception;

    @Override
    default void messageArrived(String topic, MqttMessage message) throws Exception {
        message(topic, message);
    }

    @Override
    default void disconnected(MqttDisconnectResponse response) {
    }

    @Override
    default void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    default void deliveryComplete(IMqttToken token) {
    }

    @Override
    default void connectComplete(boolean reconnect, String serverUri) {
    }

    @Override
    default void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}
