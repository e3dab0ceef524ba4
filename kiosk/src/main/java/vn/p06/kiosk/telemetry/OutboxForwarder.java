package vn.p06.kiosk.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;

/**
 * Moves one kiosk's outbox to the broker while the link is up: a round every 100 ms, at most
 * {@code maxMessagesPerSecond / 10} messages a round, one round in flight at a time. A record the
 * broker PUBACKed is marked sent; it is deleted when the server confirms it stored the message
 * ({@code stored}), and sent again if no confirmation comes within {@link Outbox#RESEND_AFTER} (doubling
 * with each send).
 * Usage events travel in batches (at most 500 events and about 96 KiB, under the codec's limit), and so
 * do health samples written while offline ({@code health-batch}, at most 240 samples and about 96 KiB).
 */
public final class OutboxForwarder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxForwarder.class);
    private static final long ROUND_MILLIS = 100;
    /**
     * A round whose PUBACKs have not all come back by then is given up (its records are simply
     * sent again later): a publish caught by a dropped connection may never complete.
     */
    private static final long ROUND_TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
    private static final int MAX_BATCH_BYTES = 96 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String kioskId;
    private final Outbox outbox;
    private final MqttLink link;
    private final Sequences sequences;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final int messagesPerRound;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile long roundStartedNanos;
    private final AtomicLong sentRecords = new AtomicLong();
    private final AtomicLong confirmedRecords = new AtomicLong();
    /** Outbox rows of each message the broker has and the server has not yet confirmed. */
    private final Map<String, Awaiting> awaiting = new ConcurrentHashMap<>();
    private ScheduledFuture<?> task;

    private record Awaiting(List<Long> rowIds, long sentAt) {
    }

    public OutboxForwarder(String kioskId, Outbox outbox, MqttLink link, Sequences sequences, Clock clock,
                           ScheduledExecutorService scheduler, OutboxPolicy policy) {
        this.kioskId = kioskId;
        this.outbox = outbox;
        this.link = link;
        this.sequences = sequences;
        this.clock = clock;
        this.scheduler = scheduler;
        this.messagesPerRound = Math.max(1, policy.maxMessagesPerSecond() / (int) (1000 / ROUND_MILLIS));
        link.onMessage(Channel.STORED, this::confirmed);
    }

    public synchronized void start() {
        task = scheduler.scheduleWithFixedDelay(this::round, ROUND_MILLIS, ROUND_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Records the broker acknowledged so far. */
    public long sentRecords() {
        return sentRecords.get();
    }

    /** Records the server confirmed stored (and the outbox forgot) so far. */
    public long confirmedRecords() {
        return confirmedRecords.get();
    }

    /** The server's {@code stored}: forget those records for good. */
    void confirmed(Envelope envelope) {
        List<Long> rows = new ArrayList<>();
        int unknown = 0;
        for (String id : ((Body.Stored) envelope.body()).messageIds()) {
            Awaiting sent = awaiting.remove(id);
            if (sent != null) {
                rows.addAll(sent.rowIds());
            } else {
                unknown++;
            }
        }
        log.debug("kiosk {}: server stored {} messages ({} records); {} not awaited", kioskId,
                ((Body.Stored) envelope.body()).messageIds().size(), rows.size(), unknown);
        try {
            outbox.remove(rows);
            confirmedRecords.addAndGet(rows.size());
        } catch (OutboxException e) {
            // Still in the outbox: sent again later and confirmed again, harmlessly.
            log.warn("kiosk {}: confirmed records not removed: {}", kioskId, e.getMessage());
        }
    }

    /** One round; public for tests, normally run by the schedule. */
    public void round() {
        if (inFlight.get() && System.nanoTime() - roundStartedNanos > ROUND_TIMEOUT_NANOS) {
            log.warn("kiosk {}: a round of messages got no PUBACK within 15 s; sending them again later", kioskId);
            inFlight.set(false);
        }
        if (!link.isConnected() || !inFlight.compareAndSet(false, true)) {
            return;
        }
        roundStartedNanos = System.nanoTime();
        try {
            List<Outgoing> messages = messages(outbox.next(kioskId, messagesPerRound * Body.MAX_EVENTS_PER_BATCH));
            if (messages.isEmpty()) {
                inFlight.set(false);
                return;
            }
            forgetStaleWaits();
            List<CompletableFuture<List<Long>>> acks = new ArrayList<>();
            for (Outgoing message : messages) {
                // Registered before publishing: the server's confirmation can overtake the PUBACK.
                String id = message.envelope().id();
                awaiting.put(id, new Awaiting(message.rowIds(), clock.millis()));
                acks.add(link.publish(message.envelope()).whenComplete((ok, e) -> {
                    if (e != null) {
                        awaiting.remove(id);
                    }
                }).thenApply(ok -> message.rowIds()));
            }
            CompletableFuture.allOf(acks.stream().map(f -> f.exceptionally(e -> List.of()))
                    .toArray(CompletableFuture[]::new)).whenComplete((ignored, e) -> finish(acks));
        } catch (OutboxException | RuntimeException e) {
            log.warn("kiosk {}: outbox round failed: {}", kioskId, e.getMessage());
            inFlight.set(false);
        }
    }

    private void finish(List<CompletableFuture<List<Long>>> acks) {
        try {
            List<Long> acknowledged = new ArrayList<>();
            int failed = 0;
            for (CompletableFuture<List<Long>> ack : acks) {
                if (ack.isCompletedExceptionally()) {
                    failed++;
                } else {
                    acknowledged.addAll(ack.join());
                }
            }
            outbox.markSent(acknowledged);
            sentRecords.addAndGet(acknowledged.size());
            if (failed > 0) {
                log.debug("kiosk {}: {} messages not acknowledged, kept for the next round", kioskId, failed);
            }
        } catch (OutboxException e) {
            // Not marked: sent again next round, and the server's ids make that harmless.
            log.warn("kiosk {}: acknowledged records not marked sent: {}", kioskId, e.getMessage());
        } finally {
            inFlight.set(false);
        }
    }

    private record Outgoing(Envelope envelope, List<Long> rowIds) {
    }

    /** A message whose confirmation never came is sent again under a new round; drop its old wait. */
    private void forgetStaleWaits() {
        long stale = clock.millis() - 2 * Outbox.MAX_RESEND_AFTER.toMillis();
        awaiting.values().removeIf(sent -> sent.sentAt() < stale);
    }

    /**
     * At most one round's worth of messages: envelopes as they are, except that two or more health
     * samples go as one {@code health-batch} (an hour offline is 120 samples: one message instead of
     * 120), then usage events grouped into batches. What does not fit waits for the next round.
     */
    private List<Outgoing> messages(List<Outbox.Pending> pending) {
        List<Outgoing> messages = new ArrayList<>();
        List<Outbox.Pending> health = new ArrayList<>();
        List<Body.UsageEvent> events = new ArrayList<>();
        List<Long> eventRows = new ArrayList<>();
        for (Outbox.Pending row : pending) {
            if (row.event() != null) {
                events.add(row.event());
                eventRows.add(row.rowId());
            } else if (row.envelope().body() instanceof Body.Health) {
                health.add(row);
            } else {
                messages.add(new Outgoing(row.envelope(), List.of(row.rowId())));
            }
        }
        if (health.size() == 1) {
            messages.add(new Outgoing(health.get(0).envelope(), List.of(health.get(0).rowId())));
        } else {
            List<Body.HealthSample> samples = health.stream().flatMap(row -> row.envelope().healthSamples().stream())
                    .toList();
            List<Long> sampleRows = health.stream().map(Outbox.Pending::rowId).toList();
            for (Group<Body.HealthSample> group : groups(samples, sampleRows, Body.MAX_SAMPLES_PER_HEALTH_BATCH)) {
                // The envelope's seq repeats its first sample's: the health counter is the samples' alone.
                messages.add(new Outgoing(Envelope.create(kioskId, clock.millis(), group.items().get(0).seq(),
                        new Body.HealthBatch(group.items())), group.rowIds()));
            }
        }
        for (Group<Body.UsageEvent> group : groups(events, eventRows, Body.MAX_EVENTS_PER_BATCH)) {
            messages.add(new Outgoing(Envelope.create(kioskId, clock.millis(), sequences.next(Channel.EVENTS),
                    new Body.EventBatch(group.items())), group.rowIds()));
        }
        return messages.size() <= messagesPerRound ? messages : messages.subList(0, messagesPerRound);
    }

    private record Group<T>(List<T> items, List<Long> rowIds) {
    }

    /** Consecutive groups of at most {@code maxCount} items and about {@link #MAX_BATCH_BYTES} of JSON. */
    private static <T> List<Group<T>> groups(List<T> items, List<Long> rowIds, int maxCount) {
        List<Group<T>> groups = new ArrayList<>();
        int from = 0;
        int bytes = 0;
        for (int i = 0; i < items.size(); i++) {
            int size = size(items.get(i));
            if (i > from && (i - from == maxCount || bytes + size > MAX_BATCH_BYTES)) {
                groups.add(new Group<>(List.copyOf(items.subList(from, i)), List.copyOf(rowIds.subList(from, i))));
                from = i;
                bytes = 0;
            }
            bytes += size;
        }
        if (from < items.size()) {
            groups.add(new Group<>(List.copyOf(items.subList(from, items.size())),
                    List.copyOf(rowIds.subList(from, items.size()))));
        }
        return groups;
    }

    private static int size(Object record) {
        try {
            return JSON.writeValueAsBytes(record).length + 1;
        } catch (JsonProcessingException e) {
            return Codec.MAX_PAYLOAD_BYTES;
        }
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
