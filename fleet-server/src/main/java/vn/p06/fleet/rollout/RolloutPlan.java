package vn.p06.fleet.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * How a rollout proceeds: {@code canary} kiosks first, then waves that bring the share of the
 * group's kiosks to each percentage in turn (the last is always 100), and the failure rate above
 * which it pauses itself.
 *
 * @param failureThreshold failed / finished (active + failed) kiosks, 0..1; above it the rollout pauses
 */
public record RolloutPlan(int canary, List<Integer> waves, double failureThreshold) {
    public static final RolloutPlan DEFAULT = new RolloutPlan(2, List.of(10, 50, 100), 0.2);

    public RolloutPlan {
        if (canary < 0) {
            throw new IllegalArgumentException("canary must be >= 0: " + canary);
        }
        waves = waves == null || waves.isEmpty() ? List.of(100) : List.copyOf(waves);
        int previous = 0;
        for (int percent : waves) {
            if (percent <= previous || percent > 100) {
                throw new IllegalArgumentException("waves must be increasing percentages up to 100: " + waves);
            }
            previous = percent;
        }
        if (previous != 100) {
            List<Integer> completed = new ArrayList<>(waves);
            completed.add(100);
            waves = List.copyOf(completed);
        }
        if (!(failureThreshold >= 0 && failureThreshold <= 1)) {
            throw new IllegalArgumentException("failureThreshold must be 0..1: " + failureThreshold);
        }
    }

    /**
     * The wave of each of {@code count} kiosks (in rollout order): 0 = canary, then 1.. for the
     * percentage waves. A wave may be empty when a small group reaches its percentage early.
     */
    int[] assign(int count) {
        int[] wave = new int[count];
        int assigned = Math.min(canary, count);
        for (int i = 0; i < waves.size(); i++) {
            int upTo = (int) Math.ceil(count * waves.get(i) / 100.0);
            for (int k = assigned; k < upTo; k++) {
                wave[k] = i + 1;
            }
            assigned = Math.max(assigned, upTo);
        }
        return wave;
    }

    int lastWave() {
        return waves.size();
    }
}
