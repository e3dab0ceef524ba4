package vn.p06.kiosk.telemetry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import vn.p06.protocol.Channel;

/**
 * The per-kiosk, per-channel sequence counters of the envelope; the server uses them to see gaps.
 * One instance per kiosk, shared by everything that publishes for it. They restart at 1 with the
 * process (the server sees that as a reset); the durable outbox will persist the events counter.
 */
public final class Sequences {
    private final Map<Channel, AtomicLong> counters = new EnumMap<>(Channel.class);

    public Sequences() {
        for (Channel channel : Channel.values()) {
            counters.put(channel, new AtomicLong());
        }
    }

    public long next(Channel channel) {
        return counters.get(channel).incrementAndGet();
    }
}
