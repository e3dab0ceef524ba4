package vn.p06.kiosk.telemetry;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Envelope;

/**
 * Samples the health source every interval and hands the sample to the sink. While the sink does not
 * accept (the link is down) a sample is skipped and counted rather than queued: health is a gauge, and
 * a stale sample is worth little; the durable outbox will decide otherwise for events.
 */
public final class HealthReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthReporter.class);

    private final String kioskId;
    private final HealthSource source;
    private final TelemetrySink sink;
    private final Sequences sequences;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private Duration interval;
    private boolean closed;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile ScheduledFuture<?> task;

    public HealthReporter(String kioskId, HealthSource source, TelemetrySink sink, Sequences sequences,
                          Clock clock, ScheduledExecutorService scheduler, Duration interval) {
        this.kioskId = Objects.requireNonNull(kioskId, "kioskId");
        this.source = Objects.requireNonNull(source, "source");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.sequences = Objects.requireNonNull(sequences, "sequences");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.interval = positive(interval);
    }

    private static Duration positive(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("health interval must be > 0: " + interval);
        }
        return interval;
    }

    /**
     * Starts sampling after {@code initialDelay}, then every interval. A simulation staggers the
     * initial delays so that N kiosks do not all report in the same millisecond.
     */
    public synchronized void start(Duration initialDelay) {
        if (task != null) {
            throw new IllegalStateException("already started");
        }
        task = scheduler.scheduleAtFixedRate(this::report, initialDelay.toMillis(), interval.toMillis(), MILLISECONDS);
    }

    /**
     * Samples every {@code next} from now on (the fleet changed the health interval); the first
     * sample comes one new interval from now.
     */
    public synchronized void interval(Duration next) {
        interval = positive(next);
        if (task != null && !closed) {
            task.cancel(false);
            task = scheduler.scheduleAtFixedRate(this::report, next.toMillis(), next.toMillis(), MILLISECONDS);
        }
    }

    public synchronized Duration interval() {
        return interval;
    }

    /** One sample now; public for the wiring and tests, normally run by the schedule. */
    public void report() {
        // A scheduled task that throws is silently never run again: catch everything.
        try {
            if (!sink.isAccepting()) {
                long n = skipped.incrementAndGet();
                log.debug("kiosk {}: not connected, health sample skipped ({} so far)", kioskId, n);
                return;
            }
            // Sample first: a sample that fails must not use up a sequence number (a false gap).
            Body.Health health = source.sample();
            Envelope envelope = Envelope.create(kioskId, clock.millis(), sequences.next(Channel.HEALTH), health);
            sink.send(envelope).whenComplete((ok, e) -> {
                if (e == null) {
                    sent.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    log.warn("kiosk {}: health sample not delivered: {}", kioskId, e.toString());
                }
            });
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            log.error("kiosk {}: health sample failed", kioskId, e);
        }
    }

    /** Samples acknowledged by the sink. */
    public long sent() {
        return sent.get();
    }

    /** Samples not taken because the sink did not accept. */
    public long skipped() {
        return skipped.get();
    }

    /** Samples that failed to be taken or delivered. */
    public long failed() {
        return failed.get();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (task != null) {
            task.cancel(false);
        }
    }
}
