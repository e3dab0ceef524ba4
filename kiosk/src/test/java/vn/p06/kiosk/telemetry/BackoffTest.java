package vn.p06.kiosk.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    /** A Random that always draws the top of the range, so the window itself is visible. */
    private static final class Highest extends Random {
        private static final long serialVersionUID = 1L;

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    }

    private static Backoff standard(Random random) {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), random);
    }

    @Test
    void windowDoublesFromOneSecondUpToTheSixtySecondCap() {
        Backoff backoff = standard(new Highest());
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delays.add(backoff.nextDelay().toMillis());
        }
        assertThat(delays).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L, 60000L, 60000L);
    }

    @Test
    void everyDelayIsWithinZeroAndItsWindow_fullJitter() {
        Backoff backoff = standard(new Random(42));
        for (int attempt = 0; attempt < 200; attempt++) {
            long ceiling = backoff.ceilingMillis();
            long delay = backoff.nextDelay().toMillis();
            assertThat(delay).isBetween(0L, ceiling);
            assertThat(ceiling).isLessThanOrEqualTo(60_000L);
        }
        // Many attempts in: the shift must not overflow, the cap still holds.
        assertThat(backoff.ceilingMillis()).isEqualTo(60_000L);
    }

    @Test
    void jitterSpreadsDelaysOverTheWholeWindow() {
        // Full jitter, not "window +/- 10 %": kiosks reconnecting after a broker restart spread out.
        Random random = new Random(7);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 500; i++) {
            Backoff backoff = standard(random);
            for (int n = 0; n < 6; n++) {
                backoff.nextDelay();
            }
            long delay = backoff.nextDelay().toMillis(); // window 60 s
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isLessThan(6_000L);
        assertThat(max).isGreaterThan(54_000L);
    }

    @Test
    void resetAfterSuccessStartsAgainFromTheInitialWindow() {
        Backoff backoff = standard(new Highest());
        for (int i = 0; i < 5; i++) {
            backoff.nextDelay();
        }
        assertThat(backoff.attempts()).isEqualTo(5);
        backoff.reset();
        assertThat(backoff.attempts()).isZero();
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void refusesNonsenseBounds() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
