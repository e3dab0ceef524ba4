package vn.p06.kiosk.telemetry;

import vn.p06.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;

/** The outbox on a real H2 file: order, durability across a restart, retention, a full disk. */
class OutboxTest {
    private static final String KIOSK = "26734-001";

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-16T07:30:00Z"));
    private Outbox outbox;

    @AfterEach
    void close() {
        if (outbox != null) {
            outbox.close();
        }
    }

    private Outbox open(OutboxPolicy policy) {
        outbox = Outbox.open(dir, clock, policy);
        return outbox;
    }

    static Envelope health(String kioskId, long ts) {
        return Envelope.create(kioskId, ts, ts, new Body.Health(50.0, 0.1, 4, 1, 1, 1, 1, 1, List.of(), null, null,
                null, Map.of()));
    }

    @Test
    void theNewestEnvelopeComesFirstThenTheOldestRecords() throws Exception {
        open(OutboxPolicy.defaults());
        Envelope first = health(KIOSK, 1);
        outbox.append(first);
        Body.UsageEvent event = outbox.appendEvent(KIOSK, "session.start", Map.of());
        Envelope newest = health(KIOSK, 2);
        outbox.append(newest);

        List<Outbox.Pending> next = outbox.next(KIOSK, 10);

        assertThat(next).extracting(p -> p.envelope() == null ? p.event().id() : p.envelope().id())
                .containsExactly(newest.id(), first.id(), event.id());
        assertThat(outbox.next("26734-002", 10)).isEmpty();
    }

    @Test
    void anUnconfirmedRecordWaitsTwiceAsLongAfterEachSendUpToTenMinutesAndAgainNotAtAllAfterARestart()
            throws Exception {
        open(OutboxPolicy.defaults());
        outbox.append(health(KIOSK, 1));
        long row = outbox.next(KIOSK, 10).get(0).rowId();
        long[] waits = {30, 60, 120, 240, 480, 600, 600};
        for (long wait : waits) {
            outbox.markSent(List.of(row));
            clock.advance(Duration.ofSeconds(wait).minusMillis(1));
            assertThat(outbox.next(KIOSK, 10)).as("still waiting %d s for a confirmation", wait).isEmpty();
            clock.advance(Duration.ofMillis(1));
            assertThat(outbox.next(KIOSK, 10)).extracting(Outbox.Pending::rowId).containsExactly(row);
        }

        outbox.markSent(List.of(row));
        outbox.close();
        open(OutboxPolicy.defaults());
        assertThat(outbox.next(KIOSK, 10)).as("after a restart nobody waits for a confirmation")
                .extracting(Outbox.Pending::rowId).containsExactly(row);
    }

    @Test
    void whatWasWrittenSurvivesAKillAndEventSequencesContinue() throws Exception {
        open(OutboxPolicy.defaults());
        Envelope sample = health(KIOSK, 1);
        outbox.append(sample);
        outbox.appendEvent(KIOSK, "session.start", Map.of());
        outbox.close(); // what a kill leaves: committed rows, nothing sent

        open(OutboxPolicy.defaults());
        Body.UsageEvent later = outbox.appendEvent(KIOSK, "session.end", Map.of("seconds", "42"));

        assertThat(outbox.next(KIOSK, 10)).hasSize(3)
                .anySatisfy(p -> assertThat(p.envelope()).isEqualTo(sample));
        assertThat(later.seq()).isEqualTo(2);
    }

    @Test
    void removedRecordsAreGoneAndStatsCountWhatIsLeft() throws Exception {
        open(OutboxPolicy.defaults());
        outbox.append(health(KIOSK, 1));
        outbox.appendEvent(KIOSK, "session.start", Map.of());
        clock.advance(Duration.ofHours(2));

        assertThat(outbox.stats(KIOSK)).isEqualTo(new Body.OutboxStats(2, 7200, 0, 0, null));
        outbox.remove(outbox.next(KIOSK, 10).stream().map(Outbox.Pending::rowId).toList());

        assertThat(outbox.stats(KIOSK).pending()).isZero();
    }

    @Test
    void oldHealthIsDroppedAndCountedButOldEventsAreKept() throws Exception {
        open(new OutboxPolicy(1000, Duration.ofDays(7), 50));
        outbox.append(health(KIOSK, 1));
        outbox.appendEvent(KIOSK, "service.viewed", Map.of("service", "birth-registration"));
        clock.advance(Duration.ofDays(8));
        outbox.append(health(KIOSK, 2));

        outbox.enforceRetention();

        assertThat(outbox.countAll()).isEqualTo(2);
        assertThat(outbox.stats(KIOSK).droppedHealth()).isEqualTo(1);
        assertThat(outbox.stats(KIOSK).droppedEvents()).isZero();
    }

    @Test
    void whenFullHealthIsThinnedBeforeAnyEventAndThenTheOldestEventsGo() throws Exception {
        open(new OutboxPolicy(20, Duration.ofDays(7), 50));
        for (int i = 0; i < 16; i++) {
            outbox.append(health(KIOSK, i));
        }
        for (int i = 0; i < 12; i++) {
            outbox.appendEvent(KIOSK, "service.viewed", Map.of("n", Integer.toString(i)));
        }

        outbox.enforceRetention(); // 28 > 20: thinning 16 health → 8 leaves 20

        assertThat(outbox.countAll()).isEqualTo(20);
        assertThat(outbox.stats(KIOSK).droppedHealth()).isEqualTo(8);
        assertThat(outbox.stats(KIOSK).droppedEvents()).isZero();

        for (int i = 0; i < 14; i++) {
            outbox.appendEvent(KIOSK, "service.viewed", Map.of("m", Integer.toString(i)));
        }
        outbox.enforceRetention(); // 34: every health sample goes first, then 6 oldest events

        assertThat(outbox.countAll()).isEqualTo(20);
        assertThat(outbox.stats(KIOSK).droppedHealth()).isEqualTo(16);
        assertThat(outbox.stats(KIOSK).droppedEvents()).isEqualTo(6);
        assertThat(outbox.next(KIOSK, 100)).allSatisfy(p -> assertThat(p.event()).isNotNull())
                .first().satisfies(p -> assertThat(p.event().attributes()).isEqualTo(Map.of("n", "6")));
    }

    @Test
    void aFullDiskIsAClearErrorNotACrashAndWritingResumesWhenSpaceReturns() throws Exception {
        Path disk = Files.createDirectories(dir.resolve("small-disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", disk.toString())
                .inheritIO().start();
        assertThat(mount.waitFor()).as("mounting a 3 MiB tmpfs (tests run as root)").isZero();
        try {
            outbox = Outbox.open(disk, clock, OutboxPolicy.defaults());
            Path filler = disk.resolve("filler");
            byte[] megabyte = new byte[1 << 20];
            try (var out = Files.newOutputStream(filler)) {
                for (int i = 0; i < 3; i++) {
                    try {
                        out.write(megabyte);
                    } catch (java.io.IOException full) {
                        break;
                    }
                }
            } catch (java.io.IOException full) {
                // the disk is full: exactly what we wanted
            }
            Map<String, String> bulky = Map.of("padding", "x".repeat(250));
            OutboxException failure = null;
            int written = 0;
            for (int i = 0; i < 20_000 && failure == null; i++) {
                try {
                    outbox.appendEvent(KIOSK, "service.viewed", bulky);
                    written++;
                } catch (OutboxException e) {
                    failure = e;
                }
            }
            assertThat(failure).as("the outbox must report the full disk").isNotNull();
            assertThat(failure.getMessage()).contains("disk full");
            assertThat(outbox.stats(KIOSK).lastError()).isEqualTo("disk full");

            Files.delete(filler);
            Body.UsageEvent after = outbox.appendEvent(KIOSK, "session.end", Map.of());
            assertThat(after).isNotNull();
            assertThat(outbox.countAll()).isGreaterThanOrEqualTo(written).isPositive();
        } finally {
            if (outbox != null) {
                outbox.close();
                outbox = null;
            }
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void aBadEventIsRefusedWithoutTouchingTheOutbox() throws Exception {
        open(OutboxPolicy.defaults());

        assertThatThrownBy(() -> outbox.appendEvent(KIOSK, "not a kind!", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(outbox.countAll()).isZero();
    }
}
