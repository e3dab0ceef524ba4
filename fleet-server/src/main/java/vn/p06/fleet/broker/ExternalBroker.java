package vn.p06.fleet.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker run by someone else (Mosquitto, EMQX, HiveMQ cluster). Its own configuration enforces
 * authentication and the ACL pattern {@code kiosk/v1/%u/#}; the server only connects to it.
 */
public final class ExternalBroker implements MqttBroker {
    private static final Logger log = LoggerFactory.getLogger(ExternalBroker.class);

    private final String url;
    private final ServiceCredentials service;

    public ExternalBroker(String url, ServiceCredentials service) {
        this.url = url;
        this.service = service;
    }

    @Override
    public void start() {
        log.info("using external MQTT broker at {}", url);
    }

    @Override
    public String clientUrl() {
        return url;
    }

    @Override
    public ServiceCredentials serviceCredentials() {
        return service;
    }

    @Override
    public boolean sharedIngest() {
        return true;
    }

    @Override
    public void disconnect(String kioskId) {
        // An external broker learns of revocations from its own credential store.
        log.warn("kiosk {} revoked: the CRL (<data-dir>/pki/crl.pem, GET /api/pki/crl) lists its certificates; "
                + "p06-fleet-crl-sync restarts the external broker with it. Remove it from the broker's "
                + "password file too if it logs in with a password (docs/SECURITY.md)", kioskId);
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
