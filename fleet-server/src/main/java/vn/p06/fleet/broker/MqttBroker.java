package vn.p06.fleet.broker;

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
