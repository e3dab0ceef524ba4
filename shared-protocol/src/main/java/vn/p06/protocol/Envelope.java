package vn.p06.protocol;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * One protocol message: {@code {"v":1,"type":…,"id":…,"kiosk":…,"ts":…,"seq":…,"body":{…}}}.
 *
 * @param id        unique for ever (UUIDv7); the server's effect is keyed on it
 * @param kioskId   the kiosk the message is from (or, for commands and desired state, for)
 * @param timestamp epoch milliseconds on the sender's clock (kiosk clocks drift: the server
 *                  also stores its own receive time)
 * @param sequence  per-kiosk, per-channel counter; lets the server report gaps
 */
public record Envelope(int version, String id, String kioskId, long timestamp, long sequence, Body body) {

    public static final int CURRENT_VERSION = 1;

    private static final TimeBasedEpochGenerator UUID_V7 = Generators.timeBasedEpochGenerator();

    public Envelope {
        Body.Checks.id("id", id);
        Topics.requireValidKioskId(kioskId);
        Body.Checks.nonNegative("ts", timestamp);
        Body.Checks.nonNegative("seq", sequence);
        Body.Checks.notNull("body", body);
    }

    /** A new message of the current version with a fresh id. */
    public static Envelope create(String kioskId, long timestamp, long sequence, Body body) {
        return new Envelope(CURRENT_VERSION, newId(), kioskId, timestamp, sequence, body);
    }

    /** A new time-ordered unique id (UUIDv7), for envelopes and usage events alike. */
    public static String newId() {
        return UUID_V7.generate().toString();
    }

    /**
     * The health samples this message carries: the message itself for {@code health}, each sample
     * for {@code health-batch}, none for anything else. Lets a reader treat both forms alike.
     */
    public java.util.List<Body.HealthSample> healthSamples() {
        if (body instanceof Body.Health health) {
            return java.util.List.of(new Body.HealthSample(id, timestamp, sequence, health));
        }
        if (body instanceof Body.HealthBatch batch) {
            return batch.samples();
        }
        return java.util.List.of();
    }

    public MessageType type() {
        return MessageType.of(body);
    }

    /** The topic this message belongs on. */
    public String topic() {
        return Topics.of(kioskId, type().channel());
    }
}
