package vn.p06.fleet.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;

class TelemetryGapsTest {
    private static final String KIOSK = "26734-001";

    @TempDir
    Path dir;
    private AlertFixture fleet;

    @BeforeEach
    void setUp() {
        fleet = new AlertFixture(dir);
        fleet.enroll(KIOSK);
        fleet.presence(KIOSK, true);
    }

    @AfterEach
    void tearDown() {
        fleet.close();
    }

    private void health(long seq, long droppedHealth, long oldestPendingSeconds) {
        fleet.health(KIOSK, seq, 50.0, 50L << 30, Map.of(),
                new Body.OutboxStats(0, oldestPendingSeconds, droppedHealth, 0, null));
        fleet.clock.advance(Duration.ofSeconds(30));
    }

    private void events(long... seqs) {
        List<Body.UsageEvent> events = LongStream.of(seqs).mapToObj(seq -> new Body.UsageEvent(Envelope.newId(),
                fleet.clock.millis(), seq, "service.viewed", Map.of())).toList();
        fleet.store(Envelope.create(KIOSK, fleet.clock.millis(), 1, new Body.EventBatch(events)));
        fleet.clock.advance(Duration.ofSeconds(30));
    }

    private TelemetryGaps.ChannelGaps channel(String name) {
        return fleet.engine.gaps(KIOSK, AlertFixture.START, fleet.clock.instant()).channels().stream()
                .filter(c -> c.channel().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void whatTheOutboxDeclaredDroppedIsNotALoss() {
        health(1, 0, 0);
        health(2, 0, 0);
        // 3 and 4 thinned by the kiosk outbox, which says so in the next sample
        health(5, 2, 0);
        health(6, 2, 0);
        TelemetryGaps.ChannelGaps gaps = channel("health");
        assertThat(gaps.received()).isEqualTo(4);
        assertThat(gaps.missing()).isEqualTo(2);
        assertThat(gaps.declaredDropped()).isEqualTo(2);
        assertThat(gaps.lost()).isZero();
        assertThat(gaps.gaps()).containsExactly(new TelemetryGaps.Gap(2, 5, 2, gaps.gaps().get(0).at()));
    }

    @Test
    void samplesStoredBeforeTheOutboxColumnsExistedAreReadFromTheirBody() {
        health(1, 0, 0);
        health(2, 0, 0);
        health(5, 2, 40);
        health(6, 2, 70);
        TelemetryGaps.Report typed = fleet.engine.gaps(KIOSK, AlertFixture.START, fleet.clock.instant());
        assertThat(vn.p06.fleet.store.Sql.query(fleet.database, "SELECT COUNT(*) FROM health WHERE "
                + "outbox_dropped_health IS NOT NULL", statement -> { }, rs -> rs.getLong(1))).containsExactly(4L);
        // What V9 leaves on older rows: no typed figures, only the body.
        vn.p06.fleet.store.Sql.update(fleet.database, "UPDATE health SET outbox_dropped_health = NULL, "
                + "outbox_dropped_events = NULL, outbox_oldest_age_seconds = NULL", statement -> { });

        TelemetryGaps.Report fromBodies = fleet.engine.gaps(KIOSK, AlertFixture.START, fleet.clock.instant());

        assertThat(typed.channels().get(0).declaredDropped()).isEqualTo(2);
        assertThat(typed.outboxOldestAgeSeconds()).isEqualTo(70);
        assertThat(fromBodies).isEqualTo(typed);
    }

    @Test
    void undeclaredHolesAndRestartsAreCounted() {
        health(1, 0, 0);
        health(2, 0, 0);
        health(4, 0, 0);      // 3 lost
        health(1, 0, 0);      // the kiosk process restarted: counters start again
        health(2, 0, 0);
        health(3, 0, 0);
        health(3, 0, 0);      // restarted again, and 1 and 2 of that run never arrived
        TelemetryGaps.ChannelGaps gaps = channel("health");
        assertThat(gaps.restarts()).isEqualTo(2);
        assertThat(gaps.missing()).isEqualTo(3);
        assertThat(gaps.lost()).isEqualTo(3);
        assertThat(gaps.gaps()).extracting(TelemetryGaps.Gap::afterSeq, TelemetryGaps.Gap::beforeSeq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, 4L), org.assertj.core.groups.Tuple.tuple(0L, 3L));
    }

    @Test
    void usageEventGapsAreCountedByTheirOwnSequence() {
        events(1, 2, 3);
        events(7, 8);
        TelemetryGaps.ChannelGaps gaps = channel("events");
        assertThat(gaps.received()).isEqualTo(5);
        assertThat(gaps.lost()).isEqualTo(3);
    }

    @Test
    void theGapRuleOpensOnRealLossesOnlyOnceTheOutboxHasCaughtUp() {
        fleet.engine.updateRule(Rule.TELEMETRY_GAP, true, 2, 0, "warning", "test");
        Instant begin = fleet.clock.instant();
        health(1, 0, 0);
        health(6, 0, 900);   // 4 missing, but the outbox still holds records 15 minutes old
        fleet.clock.set(begin.plus(Conditions.GAP_SETTLE).plusSeconds(60));
        fleet.engine.tick();
        assertThat(fleet.engine.list(Set.of("open"), Optional.of(KIOSK))).as("they may still arrive").isEmpty();

        fleet.clock.advance(Conditions.GAP_PERIOD);
        fleet.health(KIOSK, 7, 50.0, 50L << 30, Map.of(), new Body.OutboxStats(0, 0, 0, 0, null));
        fleet.engine.tick();
        assertThat(fleet.engine.list(Set.of("open"), Optional.of(KIOSK))).singleElement().satisfies(alert -> {
            assertThat(alert.rule()).isEqualTo("telemetry-gap");
            assertThat(alert.value()).isEqualTo(4.0);
            assertThat(alert.detail()).contains("4 health");
        });
    }
}
