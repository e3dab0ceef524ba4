package vn.p06.kiosk.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;

class HealthReporterTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void samplesEveryIntervalIntoTheSinkWithIncreasingSequence() {
        RecordingSink sink = new RecordingSink();
        HealthReporter reporter = new HealthReporter("26734-001",
                new SimulatedHealthSource(1, Clock.systemUTC(), "t"), sink, new Sequences(),
                Clock.systemUTC(), scheduler, Duration.ofMillis(20));
        reporter.start(Duration.ZERO);

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.sent.size() >= 3);
        reporter.close();
        Envelope first = sink.sent.get(0);
        assertThat(first.kioskId()).isEqualTo("26734-001");
        assertThat(first.body()).isInstanceOf(Body.Health.class);
        assertThat(sink.sent.subList(0, 3)).extracting(Envelope::sequence).containsExactly(1L, 2L, 3L);
        assertThat(reporter.sent()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void whileTheSinkDoesNotAcceptSamplesAreSkippedAndCounted() {
        RecordingSink sink = new RecordingSink();
        sink.accepting = false;
        HealthReporter reporter = new HealthReporter("26734-001",
                new SimulatedHealthSource(1, Clock.systemUTC(), "t"), sink, new Sequences(),
                Clock.systemUTC(), scheduler, Duration.ofMillis(20));
        reporter.start(Duration.ZERO);

        await().atMost(Duration.ofSeconds(10)).until(() -> reporter.skipped() >= 3);
        assertThat(sink.sent).isEmpty();
        sink.accepting = true;
        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.sent.isEmpty());
        reporter.close();
        // Skipped samples used no sequence number: the server sees no gap for a sample never taken.
        assertThat(sink.sent.get(0).sequence()).isEqualTo(1L);
    }

    @Test
    void aFailingSourceDoesNotStopTheSchedule() {
        RecordingSink sink = new RecordingSink();
        int[] calls = {0};
        HealthSource flaky = () -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("sensor hiccup");
            }
            return new SimulatedHealthSource(1, Clock.systemUTC(), "t").sample();
        };
        HealthReporter reporter = new HealthReporter("26734-001", flaky, sink, new Sequences(),
                Clock.systemUTC(), scheduler, Duration.ofMillis(20));
        reporter.start(Duration.ZERO);

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.sent.size() >= 2);
        reporter.close();
        assertThat(reporter.failed()).isEqualTo(1);
    }

    @Test
    void aNewIntervalTakesOverFromTheOldOne() {
        // started with an hour between samples: only the new interval can bring samples in
        RecordingSink sink = new RecordingSink();
        HealthReporter reporter = new HealthReporter("26734-001",
                new SimulatedHealthSource(1, Clock.systemUTC(), "t"), sink, new Sequences(),
                Clock.systemUTC(), scheduler, Duration.ofHours(1));
        reporter.start(Duration.ofHours(1));

        reporter.interval(Duration.ofMillis(20));

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.sent.size() >= 3);
        assertThat(reporter.interval()).isEqualTo(Duration.ofMillis(20));
        reporter.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reporter.interval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
