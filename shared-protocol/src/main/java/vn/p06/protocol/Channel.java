package vn.p06.protocol;

import java.util.Arrays;
import java.util.Optional;

/** The last level(s) of a kiosk topic: {@code kiosk/v1/{kioskId}/<channel>}. */
public enum Channel {
    STATUS("status", Direction.FROM_KIOSK, true),
    HEALTH("health", Direction.FROM_KIOSK, false),
    EVENTS("events", Direction.FROM_KIOSK, false),
    COMMAND("cmd", Direction.TO_KIOSK, false),
    COMMAND_ACK("cmd/ack", Direction.FROM_KIOSK, false),
    DESIRED("desired", Direction.TO_KIOSK, true),
    REPORTED("reported", Direction.FROM_KIOSK, true),
    /** The server's confirmation that records are committed; only then does the kiosk forget them. */
    STORED("stored", Direction.TO_KIOSK, false);

    /** Who publishes on a channel; the broker ACL is derived from this. */
    public enum Direction { FROM_KIOSK, TO_KIOSK }

    private final String suffix;
    private final Direction direction;
    private final boolean retained;

    Channel(String suffix, Direction direction, boolean retained) {
        this.suffix = suffix;
        this.direction = direction;
        this.retained = retained;
    }

    public String suffix() {
        return suffix;
    }

    public Direction direction() {
        return direction;
    }

    /** Whether messages on this channel are published retained (the latest value is state). */
    public boolean retained() {
        return retained;
    }

    public static Optional<Channel> fromSuffix(String suffix) {
        return Arrays.stream(values()).filter(c -> c.suffix.equals(suffix)).findFirst();
    }
}
