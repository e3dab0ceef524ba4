package vn.p06.protocol;

import java.util.Arrays;
import java.util.Optional;

/** The {@code type} field of the envelope: which body record it carries and on which channel. */
public enum MessageType {
    STATUS("status", Body.Status.class, Channel.STATUS),
    HEALTH("health", Body.Health.class, Channel.HEALTH),
    HEALTH_BATCH("health-batch", Body.HealthBatch.class, Channel.HEALTH),
    EVENTS("events", Body.EventBatch.class, Channel.EVENTS),
    COMMAND("command", Body.Command.class, Channel.COMMAND),
    COMMAND_ACK("command-ack", Body.CommandAck.class, Channel.COMMAND_ACK),
    DESIRED("desired", Body.DesiredState.class, Channel.DESIRED),
    REPORTED("reported", Body.ReportedState.class, Channel.REPORTED),
    STORED("stored", Body.Stored.class, Channel.STORED);

    private final String wireName;
    private final Class<? extends Body> bodyClass;
    private final Channel channel;

    MessageType(String wireName, Class<? extends Body> bodyClass, Channel channel) {
        this.wireName = wireName;
        this.bodyClass = bodyClass;
        this.channel = channel;
    }

    public String wireName() {
        return wireName;
    }

    public Class<? extends Body> bodyClass() {
        return bodyClass;
    }

    public Channel channel() {
        return channel;
    }

    public static Optional<MessageType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    public static MessageType of(Body body) {
        return Arrays.stream(values())
                .filter(t -> t.bodyClass.isInstance(body))
                .findFirst()
                .orElseThrow();
    }
}
