package vn.p06.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.p06.protocol.Body;

/** The simulated outbox drains as the kiosk's OutboxForwarder does. */
class KioskBacklogTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void anHourIsAHealthSampleEvery30SecondsAndAVisitEvery5Minutes() {
        KioskBacklog backlog = new KioskBacklog("26734-001", 1, 50, T0);

        assertThat(backlog.records()).isEqualTo(120 + 12 * 5);
    }

    @Test
    void anHoursHealthSamplesTravelAsOneHealthBatchAndItsEventsAsOneEventBatch() {
        KioskBacklog backlog = new KioskBacklog("26734-001", 1, 50, T0);

        List<KioskBacklog.Outgoing> round = backlog.nextRound(T0);

        assertThat(round).extracting(m -> m.envelope().body().getClass().getSimpleName())
                .containsExactly("HealthBatch", "EventBatch");
        assertThat(((Body.HealthBatch) round.get(0).envelope().body()).samples()).hasSize(120)
                .extracting(Body.HealthSample::seq).startsWith(1L, 2L).endsWith(120L);
        for (KioskBacklog.Outgoing message : round) {
            backlog.acknowledged(message, true, T0);
            backlog.stored(List.of(message.envelope().id()));
        }
        assertThat(backlog.caughtUp()).isTrue();
    }

    @Test
    void aRoundHasATenthOfThePerSecondBudgetAndAFullDayOfHealthNeedsSeveralBatches() {
        KioskBacklog backlog = new KioskBacklog("26734-001", 24, 50, T0);
        int healthBatches = 0;
        List<KioskBacklog.Outgoing> round;
        while (!(round = backlog.nextRound(T0)).isEmpty()) {
            assertThat(round).hasSizeLessThanOrEqualTo(5);
            for (KioskBacklog.Outgoing message : round) {
                if (message.envelope().body() instanceof Body.HealthBatch) {
                    healthBatches++;
                }
                backlog.acknowledged(message, true, T0);
                backlog.stored(List.of(message.envelope().id()));
            }
        }

        assertThat(healthBatches).isEqualTo(24 * 120 / Body.MAX_SAMPLES_PER_HEALTH_BATCH);
        assertThat(backlog.caughtUp()).isTrue();
    }

    @Test
    void aRecordTheBrokerAcknowledgedIsSentAgainOnlyWhenNoConfirmationCameWithin30Seconds() {
        KioskBacklog backlog = new KioskBacklog("26734-001", 30.0 / 3600, 50, T0);
        KioskBacklog.Outgoing first = backlog.nextRound(T0).get(0);
        backlog.acknowledged(first, true, T0);

        assertThat(backlog.nextRound(T0 + 29_999)).isEmpty();
        List<KioskBacklog.Outgoing> again = backlog.nextRound(T0 + 30_000);
        assertThat(again).extracting(m -> m.envelope().id()).containsExactly(first.envelope().id());

        assertThat(backlog.stored(List.of(first.envelope().id()))).isEqualTo(1);
        assertThat(backlog.caughtUp()).isFalse();
    }

    @Test
    void eachFurtherSendWithoutAConfirmationWaitsTwiceAsLongAsTheOneBefore() {
        KioskBacklog backlog = new KioskBacklog("26734-001", 30.0 / 3600, 50, T0);
        KioskBacklog.Outgoing first = backlog.nextRound(T0).get(0);
        backlog.acknowledged(first, true, T0);
        KioskBacklog.Outgoing second = backlog.nextRound(T0 + 30_000).get(0);
        backlog.acknowledged(second, true, T0 + 30_000);

        assertThat(backlog.nextRound(T0 + 89_999)).isEmpty();
        assertThat(backlog.nextResendAt()).isEqualTo(T0 + 90_000);
        assertThat(backlog.nextRound(T0 + 90_000)).extracting(m -> m.envelope().id())
                .containsExactly(first.envelope().id());
    }

    @Test
    void aMessageTheBrokerRefusedOrALostConnectionTookIsSentAgainAtOnce() {
        KioskBacklog backlog = new KioskBacklog("26734-001", 30.0 / 3600, 50, T0);
        KioskBacklog.Outgoing first = backlog.nextRound(T0).get(0);
        backlog.acknowledged(first, false, T0);

        assertThat(backlog.nextRound(T0)).extracting(m -> m.envelope().id()).containsExactly(first.envelope().id());
    }
}
