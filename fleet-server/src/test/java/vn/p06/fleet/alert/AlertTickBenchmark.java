package vn.p06.fleet.alert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import vn.p06.fleet.store.IngestBatch;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;

/**
 * How long one rule-engine tick takes over a fleet: N kiosks with an hour of health samples (one a
 * minute, a few holes), a tenth of them offline. Two figures: a tick that also counts telemetry gaps
 * (once a minute) and an ordinary one. Not a test: run by hand, figures in docs/BENCHMARKS.md.
 */
public final class AlertTickBenchmark {

    public static void main(String[] args) throws Exception {
        int kiosks = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path dir = Files.createTempDirectory("alert-bench");
        try (AlertFixture fleet = new AlertFixture(dir)) {
            for (int k = 0; k < kiosks; k++) {
                String id = String.format("26734-%03d", k);
                fleet.enroll(id);
                fleet.presence(id, true);
            }
            List<IngestBatch.Accepted> batch = new ArrayList<>();
            for (int minute = 0; minute < 60; minute++) {
                for (int k = 0; k < kiosks; k++) {
                    if ((minute + k) % 17 == 0) {
                        continue; // a hole now and then
                    }
                    Body.Health health = new Body.Health(55.0, 0.4, 4, 4L << 30, 2L << 30, 100L << 30, 50L << 30, 3600,
                            List.of(), "Debian 12", "17", "bench", Map.of(), new Body.OutboxStats(0, 0, 0, 0, null));
                    batch.add(new IngestBatch.Accepted(Envelope.create(String.format("26734-%03d", k),
                            fleet.clock.millis(), minute + 1, health), fleet.clock.instant()));
                }
                fleet.telemetry.store(new IngestBatch(batch, List.of()));
                batch.clear();
                fleet.clock.advance(Duration.ofMinutes(1));
            }
            for (int k = 0; k < kiosks; k += 10) {
                fleet.presence(String.format("26734-%03d", k), false);
            }
            fleet.clock.advance(Duration.ofMinutes(10));
            fleet.engine.tick(); // warm-up: opens the offline alerts
            long[] withGaps = new long[rounds];
            long[] plain = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                fleet.clock.advance(Conditions.GAP_PERIOD);
                withGaps[r] = time(fleet);
                fleet.clock.advance(Duration.ofSeconds(10));
                plain[r] = time(fleet);
            }
            System.out.printf("%d kiosks, %d health rows: tick with gap counting median %d ms, plain tick median %d ms%n",
                    kiosks, fleet.telemetry.count("health", "26734-000") * kiosks, median(withGaps), median(plain));
        }
    }

    private static long time(AlertFixture fleet) {
        long start = System.nanoTime();
        fleet.engine.tick();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
