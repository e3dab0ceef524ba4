package vn.p06.fleet.command;

import vn.p06.protocol.Envelope;

/** Port: hands a command envelope to the kiosk's {@code cmd} topic (MQTT QoS 1, not retained). */
interface CommandTransport extends AutoCloseable {

    /** Returns once the broker has taken the message; throws when it did not. */
    void publish(Envelope command) throws Exception;

    @Override
    void close();
}
