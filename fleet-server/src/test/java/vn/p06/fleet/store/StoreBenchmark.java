package vn.p06.fleet.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;

/**
 * The store's own ceiling, without a broker: how many usage events or health samples a second
 * {@link TelemetryRepository#store} writes into the H2 file, one thread, as ingest hands them over.
 * It separates "H2 is too slow" from "the broker or the MQTT client is": the end-to-end figure
 * (IngestBenchmark in system-tests) can never beat this one. Arguments: records, records a message,
 * messages a transaction, rounds, {@code events|health}, kiosks (default 8; with thousands the
 * per-kiosk time index scatters its inserts). Not a test: run by hand, figures in docs/BENCHMARKS.md.
 */
public final class StoreBenchmark {
    /** A kiosk's sample as the bench kiosks send it (docs/BENCHMARKS.md: the storm's size). */
    private static final Body.Health HEALTH = new Body.Health(50.0, 0.5, 4, 4_000_000_000L, 2_000_000_000L,
            32_000_000_000L, 20_000_000_000L, 3600, List.of("192.0.2.1"), "Raspbian 12", "17", "bench", Map.of());

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int eventsPerMessage = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int messagesPerTransaction = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        boolean health = args.length > 4 && args[4].equals("health");
        int kiosks = args.length > 5 ? Integer.parseInt(args[5]) : 8;
        double[] rates = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            Path dir = Files.createTempDirectory("store-bench");
            try (Database database = Database.openH2(dir)) {
                KioskRepository kioskRepository = new KioskRepository(database);
                for (int k = 0; k < kiosks; k++) {
                    kioskRepository.enroll(kioskId(k), "26734", "unused-hash", Instant.now());
                }
                TelemetryRepository telemetry = new TelemetryRepository(database);
                // Built before the clock starts: the figure is the store's, not the message factory's.
                List<IngestBatch> transactions = transactions(total, eventsPerMessage, messagesPerTransaction, kiosks,
                        health);
                long start = System.nanoTime();
                long stored = 0;
                for (IngestBatch transaction : transactions) {
                    stored += telemetry.store(transaction).stored();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long rows = 0;
                for (int k = 0; k < kiosks; k++) {
                    rows += telemetry.count(health ? "health" : "usage_events", kioskId(k));
                }
                rates[round] = rows / seconds;
                System.out.printf("round %d: %,d records in %.2f s = %,.0f records/s (%,d stored, %,d rows counted)%n",
                        round + 1, total, seconds, rates[round], stored, rows);
            }
        }
        Arrays.sort(rates);
        System.out.printf("median of %d rounds: %,.0f %s/s into H2, %d a message, %d messages a transaction%n",
                rounds, rates[rounds / 2], health ? "health samples" : "usage events", eventsPerMessage,
                messagesPerTransaction);
    }

    private static String kioskId(int k) {
        return String.format("26734-%03d", k + 1);
    }

    private static List<IngestBatch> transactions(int total, int eventsPerMessage, int messagesPerTransaction,
                                                  int kiosks, boolean health) {
        List<IngestBatch> transactions = new ArrayList<>();
        List<IngestBatch.Accepted> accepted = new ArrayList<>();
        long seq = 0;
        for (int made = 0; made < total; made += eventsPerMessage) {
            String kiosk = kioskId((int) (made / eventsPerMessage % kiosks));
            Body body;
            if (health) {
                List<Body.HealthSample> samples = new ArrayList<>(eventsPerMessage);
                for (int i = 0; i < eventsPerMessage; i++) {
                    samples.add(new Body.HealthSample(Envelope.newId(), System.currentTimeMillis(), seq++, HEALTH));
                }
                body = new Body.HealthBatch(samples);
            } else {
                List<Body.UsageEvent> events = new ArrayList<>(eventsPerMessage);
                for (int i = 0; i < eventsPerMessage; i++) {
                    events.add(new Body.UsageEvent(Envelope.newId(), System.currentTimeMillis(), seq++,
                            "service.viewed", Map.of("service", "residence-temporary")));
                }
                body = new Body.EventBatch(events);
            }
            accepted.add(new IngestBatch.Accepted(Envelope.create(kiosk, System.currentTimeMillis(), seq, body),
                    Instant.now()));
            if (accepted.size() == messagesPerTransaction) {
                transactions.add(new IngestBatch(accepted, List.of()));
                accepted.clear();
            }
        }
        if (!accepted.isEmpty()) {
            transactions.add(new IngestBatch(accepted, List.of()));
        }
        return transactions;
    }
}
