package vn.p06.fleet.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import vn.p06.protocol.Body;

/**
 * A rollout as the API shows it: where it is, and every kiosk's progress.
 *
 * @param currentWave 0 = canary, then the plan's waves in turn
 * @param reason      why it paused itself or was stopped, else null
 * @param counts      kiosks per phase ({@code pending} includes kiosks of later waves)
 */
public record Rollout(long id, String release, String group, State state, int currentWave, RolloutPlan plan,
                      String reason, Instant createdAt, Instant updatedAt, Map<Body.ContentPhase, Integer> counts,
                      List<KioskProgress> kiosks) {

    public enum State {
        RUNNING, PAUSED, COMPLETED, ROLLED_BACK;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One kiosk of a rollout.
     *
     * @param publishedAt when its desired state was published; null while its wave has not come
     * @param detail      the kiosk's reason when it failed
     */
    public record KioskProgress(String kioskId, int wave, String previousRelease, Instant publishedAt,
                                Body.ContentPhase phase, int percent, String detail, Instant updatedAt) {
    }
}
