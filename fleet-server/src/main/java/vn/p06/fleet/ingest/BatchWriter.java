package vn.p06.fleet.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.live.LiveEvents;
import vn.p06.fleet.metrics.FleetMetrics;
import vn.p06.fleet.store.IngestBatch;
import vn.p06.fleet.store.KioskRepository;
import vn.p06.fleet.store.StoreException;
import vn.p06.fleet.store.TelemetryRepository;
import vn.p06.protocol.Body;

/**
 * Drains received messages into the store in batches, one transaction each, and acknowledges
 * them to the broker only after the commit. A crash before the commit loses nothing (the broker
 * redelivers); a crash after it and before the ack doubles nothing (rows are keyed by message id).
 * <p>
 * A failing store (disk full, database gone) is retried with backoff, holding the batch: the
 * queue fills, the MQTT client stops reading, and the broker keeps the rest. The queue is bounded
 * in records as well as messages, and so is a transaction.
 * <p>
 * After the commit each kiosk is told which of its messages are stored ({@code stored}): the
 * kiosk deletes a record only then, because a broker that crashes can lose what it had PUBACKed.
 */
final class BatchWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
    static final int MAX_BATCH = 2000;
    /** Records (rows) per transaction: a message may carry hundreds (a day of health samples is 240). */
    static final int MAX_BATCH_RECORDS = 20_000;
    /**
     * Records decoded and waiting, whatever the number of messages: 20,000 queued health batches of
     * 120 samples filled a 512 MiB heap and left the server collecting garbage (10,000-kiosk storm).
     */
    static final int MAX_QUEUED_RECORDS = 100_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final BlockingQueue<Received> queue = new ArrayBlockingQueue<>(20_000);
    private final java.util.concurrent.Semaphore queuedRecords = new java.util.concurrent.Semaphore(MAX_QUEUED_RECORDS);
    private final TelemetryRepository telemetry;
    private final KioskRepository kiosks;
    private final FleetMetrics metrics;
    private final Clock clock;
    private final Confirmations confirmations;
    private final LiveEvents live;
    private final Thread thread;
    private volatile boolean running = true;

    /** Tells a kiosk which of its messages are committed. */
    @FunctionalInterface
    interface Confirmations {
        void stored(String kioskId, List<String> messageIds);
    }

    BatchWriter(TelemetryRepository telemetry, KioskRepository kiosks, FleetMetrics metrics, Clock clock,
                Confirmations confirmations, LiveEvents live) {
        this.telemetry = telemetry;
        this.kiosks = kiosks;
        this.metrics = metrics;
        this.clock = clock;
        this.confirmations = confirmations;
        this.live = live;
        this.thread = new Thread(this::run, "ingest-writer");
        this.thread.start();
    }

    /** Blocks while the queue is full (messages or records): back-pressure onto the MQTT client. */
    void submit(Received received) throws InterruptedException {
        queuedRecords.acquire(permits(received));
        queue.put(received);
        metrics.queueDepth(queue.size());
    }

    private static int permits(Received received) {
        return Math.min(received.records(), MAX_QUEUED_RECORDS);
    }

    private void run() {
        List<Received> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Received first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int records = first.records();
                Received next;
                while (batch.size() < MAX_BATCH && records < MAX_BATCH_RECORDS && (next = queue.poll()) != null) {
                    batch.add(next);
                    records += next.records();
                }
                metrics.queueDepth(queue.size());
                try {
                    if (storeWithRetry(batch)) {
                        batch.forEach(received -> received.ack().run());
                        confirm(batch);
                    }
                } finally {
                    batch.forEach(received -> queuedRecords.release(permits(received)));
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Never let the writer die: the unacknowledged batch will be redelivered.
                log.error("ingest batch dropped unacknowledged (the broker will redeliver it)", e);
            }
        }
    }

    /** @return false only when stopping before the batch could be stored (nothing is acked) */
    private boolean storeWithRetry(List<Received> batch) throws InterruptedException {
        List<IngestBatch.Accepted> accepted = new ArrayList<>();
        List<IngestBatch.Rejected> rejected = new ArrayList<>();
        List<Received> statuses = new ArrayList<>();
        for (Received received : batch) {
            if (!received.isAccepted()) {
                rejected.add(received.rejected());
            } else if (received.envelope().body() instanceof Body.Status) {
                statuses.add(received);
            } else {
                accepted.add(new IngestBatch.Accepted(received.envelope(), received.receivedAt()));
            }
        }
        IngestBatch ingestBatch = new IngestBatch(accepted, rejected);
        Duration backoff = Duration.ofMillis(100);
        while (true) {
            try {
                IngestBatch.Result result = telemetry.store(ingestBatch);
                statuses.forEach(this::applyPresence);
                publishHealth(batch);
                metrics.batchStored(result.stored(), result.duplicates());
                double now = clock.millis() / 1000.0;
                batch.forEach(received -> metrics.ingestLag(Math.max(0, now - received.receivedAt().toEpochMilli() / 1000.0)));
                return true;
            } catch (StoreException e) {
                metrics.storeFailed();
                log.error("storing a batch of {} messages failed, retrying in {} ms: {}", batch.size(),
                        backoff.toMillis(), e.getMessage());
                if (!running) {
                    return false;
                }
                TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Duplicates are confirmed too: their first confirmation may be what got lost. */
    private void confirm(List<Received> batch) {
        Map<String, List<String>> byKiosk = new LinkedHashMap<>();
        for (Received received : batch) {
            if (received.isAccepted() && !(received.envelope().body() instanceof Body.Status)) {
                byKiosk.computeIfAbsent(received.envelope().kioskId(), id -> new ArrayList<>())
                        .add(received.envelope().id());
            }
        }
        byKiosk.forEach((kioskId, ids) -> {
            for (int from = 0; from < ids.size(); from += Body.Stored.MAX_IDS) {
                confirmations.stored(kioskId, ids.subList(from, Math.min(ids.size(), from + Body.Stored.MAX_IDS)));
            }
        });
    }

    private void applyPresence(Received received) {
        Body.Status status = (Body.Status) received.envelope().body();
        String kioskId = received.envelope().kioskId();
        boolean online = status.state() == Body.Presence.ONLINE;
        boolean changed = kiosks.applyPresence(kioskId, online, received.envelope().timestamp(), status.appVersion(),
                received.receivedAt());
        if (changed) {
            log.info("kiosk {} is {}", kioskId, status.state().wireName());
            live.publish("presence", kioskId, new LivePresence(kioskId, online, received.receivedAt()));
        }
    }

    /** Live "presence" payload (the dashboard/alerts contract). */
    record LivePresence(String kioskId, boolean online, java.time.Instant at) {
    }

    /** Live "health" payload (the dashboard/alerts contract): the figures the fleet view and charts show. */
    record LiveHealth(String kioskId, java.time.Instant at, Double cpuTemperatureC, long diskFreeBytes,
                      long diskTotalBytes, long memoryAvailableBytes, double loadAverage1m) {
    }

    /** Publishes each stored health sample; after the commit, so a listener can read it back. */
    private void publishHealth(List<Received> batch) {
        for (Received received : batch) {
            if (!received.isAccepted()) {
                continue;
            }
            String kioskId = received.envelope().kioskId();
            for (Body.HealthSample sample : received.envelope().healthSamples()) {
                Body.Health h = sample.health();
                live.publish("health", kioskId, new LiveHealth(kioskId, java.time.Instant.ofEpochMilli(sample.ts()),
                        h.cpuTemperatureC(), h.diskFreeBytes(), h.diskTotalBytes(), h.memoryAvailableBytes(),
                        h.loadAverage1m()));
            }
        }
    }

    /** Stops after storing what was already received. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
