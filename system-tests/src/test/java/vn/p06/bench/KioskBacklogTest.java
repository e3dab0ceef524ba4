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
    void aRoundHasATenthOfThePerSecondBudgetAndEventsTravelInOneBatchWhenThereIsRoom() {
        KioskBacklog backlog = new KioskBacklog("26734-001", 1, 50, T0);
        int messages = 0;
        int batches = 0;
        List<KioskBacklog.Outgoing> round;
        while (!(round = backlog.nextRound(T0)).isEmpty()) {
            assertThat(round).hasSizeLessThanOrEqualTo(5);
            for (KioskBacklog.Outgoing message : round) {
                messages++;
                if (message.envelope().body() instanceof Body.EventBatch) {
                    batches++;
                }
                backlog.acknowledged(message, true, T0);
                backlog.stored(List.of(message.envelope().id()));
            }
        }

        // Health fills every round until the last; the 60 events wait and go together.
        assertThat(messages).isEqualTo(121);
        assertThat(batches).isEqualTo(1);
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
    void aMessageTheBrokerRefusedOrALostConnectionTookIsSentAgainAtOnce() {
        KioskBacklog backlog = new KioskBacklog("26734-001", 30.0 / 3600, 50, T0);
        KioskBacklog.Outgoing first = backlog.nextRound(T0).get(0);
        backlog.acknowledged(first, false, T0);

        assertThat(backlog.nextRound(T0)).extracting(m -> m.envelope().id()).containsExactly(first.envelope().id());
    }
}
