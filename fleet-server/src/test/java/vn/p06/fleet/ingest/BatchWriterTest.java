package vn.p06.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.live.LiveEvents;
import vn.p06.fleet.metrics.FleetMetrics;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.KioskRepository;
import vn.p06.fleet.store.TelemetryRepository;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;

/** The writer's queue is bounded in records, not only in messages, so large batches cannot fill the heap. */
class BatchWriterTest {

    @TempDir
    Path dir;

    @Test
    void whileTheStoreIsDownTheQueueAdmitsAtMostItsRecordBoundAndThenBlocksTheReader() throws Exception {
        Database database = Database.openH2(dir);
        TelemetryRepository telemetry = new TelemetryRepository(database);
        KioskRepository kiosks = new KioskRepository(database);
        database.close(); // every store now fails and is retried, holding its batch
        BatchWriter writer = new BatchWriter(telemetry, kiosks, new FleetMetrics(), Clock.systemUTC(),
                (kioskId, ids) -> { }, new LiveEvents());
        AtomicInteger admitted = new AtomicInteger();
        Thread reader = new Thread(() -> {
            try {
                for (int i = 0; i < 400; i++) {
                    writer.submit(Received.accepted(fullBatch(i), Instant.now(), () -> { }));
                    admitted.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mqtt-reader");
        reader.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> reader.getState() == Thread.State.WAITING);
        // 500 events a message: the bound admits 200 messages, far below the 20,000-message queue.
        assertThat(admitted.get()).isEqualTo(BatchWriter.MAX_QUEUED_RECORDS / Body.MAX_EVENTS_PER_BATCH);

        reader.interrupt();
        reader.join();
        writer.close();
    }

    private static Envelope fullBatch(int n) {
        List<Body.UsageEvent> events = new ArrayList<>(Body.MAX_EVENTS_PER_BATCH);
        for (int i = 0; i < Body.MAX_EVENTS_PER_BATCH; i++) {
            events.add(new Body.UsageEvent(Envelope.newId(), 1, (long) n * Body.MAX_EVENTS_PER_BATCH + i,
                    "service.viewed", Map.of()));
        }
        return Envelope.create("26734-001", 1, n + 1, new Body.EventBatch(events));
    }
}
