package vn.p06.kiosk.telemetry;

import java.time.Duration;

/**
 * How much the outbox may hold and how fast it catches up.
 *
 * @param maxRecords           above this, health samples are thinned (every other old one goes),
 *                             and only when no health is left do the oldest usage events go
 * @param maxHealthAge         health older than this is dropped (a week-old gauge is history,
 *                             a week-old usage event is still a fact IT staff count)
 * @param maxMessagesPerSecond catch-up rate after an outage, so that a week of backlog does not
 *                             flood the link or starve live samples (which are sent first)
 */
public record OutboxPolicy(long maxRecords, Duration maxHealthAge, int maxMessagesPerSecond) {

    public OutboxPolicy {
        if (maxRecords < 10) {
            throw new IllegalArgumentException("maxRecords must be >= 10: " + maxRecords);
        }
        if (maxHealthAge.isNegative() || maxHealthAge.isZero()) {
            throw new IllegalArgumentException("maxHealthAge must be > 0: " + maxHealthAge);
        }
        if (maxMessagesPerSecond < 1) {
            throw new IllegalArgumentException("maxMessagesPerSecond must be >= 1: " + maxMessagesPerSecond);
        }
    }

    /** 500,000 records (~150 MB), health kept 14 days, catch-up at 50 messages/s per kiosk. */
    public static OutboxPolicy defaults() {
        return new OutboxPolicy(500_000, Duration.ofDays(14), 50);
    }
}
