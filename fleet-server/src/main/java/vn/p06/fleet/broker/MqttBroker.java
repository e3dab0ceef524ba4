package vn.p06.fleet.broker;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import vn.p06.protocol.NoDelaySocketFactory;

/**
 * The broker the fleet server talks to: embedded (default) or external, chosen by configuration.
 * The rest of the server only ever reaches it as an MQTT client at {@link #clientUrl()}.
 */
public interface MqttBroker extends AutoCloseable {

    void start();

    /** Where the server's own MQTT clients connect. */
    String clientUrl();

    /** The fleet server's own credentials on this broker (ingest, commands). */
    ServiceCredentials serviceCredentials();

    /**
     * Options for one of the server's own short-lived-session clients (commands, live events, desired
     * state, confirmations): the service login, a clean start, reconnection within 30 s, TCP_NODELAY.
     */
    default MqttConnectionOptions serviceOptions() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(serviceCredentials().username());
        options.setPassword(serviceCredentials().password().getBytes(StandardCharsets.UTF_8));
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 30);
        options.setKeepAliveInterval(30);
        // Without it Nagle and delayed ACKs cap a Paho client near 1k msg/s.
        options.setSocketFactory(new NoDelaySocketFactory());
        return options;
    }

    /**
     * Whether ingest reads telemetry through the shared subscription {@code $share/ingest/…}, so that
     * several server instances split it. Not on the embedded broker: there is only one instance, and
     * HiveMQ CE's shared queue is both the ingest bottleneck (its PUBACK handling walks the queue) and,
     * after a crash with file persistence, stopped delivering in our fault test.
     */
    boolean sharedIngest();

    /** Drops a kiosk's connection now (revocation). */
    void disconnect(String kioskId);

    @Override
    void close();

    /** @param username never a valid kiosk id, so no kiosk can be enrolled under it */
    record ServiceCredentials(String username, String password) {
        @Override
        public String toString() {
            return "ServiceCredentials[username=" + username + "]";
        }
    }
}
