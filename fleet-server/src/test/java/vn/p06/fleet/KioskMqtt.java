package vn.p06.fleet;

import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;
import vn.p06.testsupport.RecordingMqttClient;

/**
 * Connects a plain MQTT client to the fleet's broker the way a kiosk agent does (password or client
 * certificate, clean start, a short keep-alive, optionally its retained "offline" will), including a
 * misbehaving one.
 */
public final class KioskMqtt {
    private KioskMqtt() {
    }

    static RecordingMqttClient connect(String url, String clientId, String user, String password)
            throws MqttException {
        return connect(url, clientId, user, password, null);
    }

    /** Connects with an optional retained "offline" will, as the kiosk agent does. */
    static RecordingMqttClient connect(String url, String clientId, String user, String password, String willKioskId)
            throws MqttException {
        return connect(url, clientId, user, password, willKioskId, System.currentTimeMillis());
    }

    /** @param connectionTimestamp stamps the will; the kiosk's "online" for this connection uses the same */
    public static RecordingMqttClient connect(String url, String clientId, String user, String password,
                                              String willKioskId, long connectionTimestamp) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        return connect(url, clientId, options, willKioskId, connectionTimestamp);
    }

    /** Logs in with a client certificate only (no user name, no password) on an ssl:// listener. */
    static RecordingMqttClient connectWithCertificate(String url, String clientId, SSLContext tls,
                                                      String willKioskId) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(tls.getSocketFactory());
        options.setHttpsHostnameVerificationEnabled(true); // as the kiosk does
        return connect(url, clientId, options, willKioskId, System.currentTimeMillis());
    }

    private static RecordingMqttClient connect(String url, String clientId, MqttConnectionOptions options,
                                               String willKioskId, long connectionTimestamp) throws MqttException {
        options.setCleanStart(true);
        options.setKeepAliveInterval(2);
        if (willKioskId != null) {
            MqttMessage will = new MqttMessage(Codec.encode(Envelope.create(willKioskId, connectionTimestamp, 0,
                    new Body.Status(Body.Presence.OFFLINE, null))), 1, true, null);
            options.setWill(Topics.of(willKioskId, Channel.STATUS), will);
        }
        return RecordingMqttClient.connect(url, clientId, options);
    }

    /** The command with this name, once it has arrived on the kiosk's (subscribed) command topic. */
    public static Envelope awaitCommand(RecordingMqttClient kiosk, String name) {
        return kiosk.awaitEnvelope(e -> e.body() instanceof Body.Command command && command.name().equals(name));
    }
}
