package vn.p06.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutPlanTest {

    @Test
    void canaryThenEachPercentageOfTheGroup() {
        int[] waves = new RolloutPlan(2, List.of(10, 50, 100), 0.2).assign(40);

        assertThat(count(waves, 0)).isEqualTo(2);
        assertThat(count(waves, 1)).isEqualTo(2);  // 10% of 40 = 4 told, 2 of them canaries
        assertThat(count(waves, 2)).isEqualTo(16); // up to 20
        assertThat(count(waves, 3)).isEqualTo(20); // the rest
        assertThat(waves[0]).isZero();
        assertThat(waves[39]).isEqualTo(3);
    }

    @Test
    void aSmallGroupLeavesEarlyWavesEmptyButNeverSkipsAKiosk() {
        int[] waves = new RolloutPlan(2, List.of(10, 50), 0.2).assign(3);

        assertThat(waves).containsExactly(0, 0, 3); // 10% and 50% of 3 are already told; 100% added
    }

    @Test
    void aCanaryLargerThanTheGroupTakesEveryKiosk() {
        assertThat(new RolloutPlan(5, List.of(100), 0).assign(3)).containsExactly(0, 0, 0);
    }

    @Test
    void wavesMustRiseTo100AndTheThresholdBeAShare() {
        assertThat(new RolloutPlan(1, List.of(20), 0.1).waves()).containsExactly(20, 100);
        assertThatThrownBy(() -> new RolloutPlan(1, List.of(50, 50), 0.1)).hasMessageContaining("increasing");
        assertThatThrownBy(() -> new RolloutPlan(1, List.of(150), 0.1)).hasMessageContaining("up to 100");
        assertThatThrownBy(() -> new RolloutPlan(1, List.of(100), 1.5)).hasMessageContaining("0..1");
        assertThatThrownBy(() -> new RolloutPlan(-1, List.of(100), 0.1)).hasMessageContaining("canary");
    }

    private static long count(int[] waves, int wave) {
        return java.util.Arrays.stream(waves).filter(w -> w == wave).count();
    }
}
