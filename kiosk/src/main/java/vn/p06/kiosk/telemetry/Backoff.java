package vn.p06.kiosk.telemetry;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with full jitter: the n-th delay is uniform in [0, min(max, initial * 2^n)].
 * Full jitter (rather than a fixed ladder) matters for a fleet: after a broker restart hundreds of
 * kiosks would otherwise reconnect (or re-download) in lock-step waves. Not thread-safe: the MQTT link
 * calls it under its lock, content sync from its one worker thread.
 */
public final class Backoff {
    /** 2^30 * initial is far beyond any sane cap; stops the shift from overflowing. */
    private static final int MAX_EXPONENT = 30;

    private final long initialMillis;
    private final long maxMillis;
    private final Random random;
    private int attempts;

    public Backoff(Duration initial, Duration max, Random random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + ", " + max);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The delay before the next attempt; each call widens the window until the cap. */
    public Duration nextDelay() {
        long ceiling = ceilingMillis();
        attempts++;
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }

    /** After a successful connection: the next failure starts again from the initial window. */
    public void reset() {
        attempts = 0;
    }

    /** Upper bound of the next delay. */
    long ceilingMillis() {
        int exponent = Math.min(attempts, MAX_EXPONENT);
        return Math.min(maxMillis, initialMillis << exponent);
    }

    int attempts() {
        return attempts;
    }
}
