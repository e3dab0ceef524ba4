package vn.p06.kiosk.telemetry;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;

/**
 * One kiosk's way into the outbox: health samples and command acks ({@link TelemetrySink}) and
 * usage events ({@link UsageRecorder}) are committed locally; {@link OutboxForwarder} sends them.
 * Health samples carry the outbox figures, so IT staff see a backlog or a full disk.
 */
public final class OutboxSink implements TelemetrySink, UsageRecorder {
    private static final Logger log = LoggerFactory.getLogger(OutboxSink.class);

    private final String kioskId;
    private final Outbox outbox;
    private final AtomicLong failedWrites = new AtomicLong();

    public OutboxSink(String kioskId, Outbox outbox) {
        this.kioskId = kioskId;
        this.outbox = outbox;
    }

    /** Always: the outbox holds what the link cannot take now. */
    @Override
    public boolean isAccepting() {
        return true;
    }

    /** Completes once the message is committed to the outbox file (not yet sent). */
    @Override
    public CompletableFuture<Void> send(Envelope envelope) {
        Envelope stored = envelope.body() instanceof Body.Health health
                ? new Envelope(envelope.version(), envelope.id(), envelope.kioskId(), envelope.timestamp(),
                        envelope.sequence(), health.withOutbox(outbox.stats(kioskId)))
                : envelope;
        try {
            outbox.append(stored);
            return CompletableFuture.completedFuture(null);
        } catch (OutboxException e) {
            failedWrites.incrementAndGet();
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void record(String kind, Map<String, String> attributes) {
        try {
            outbox.appendEvent(kioskId, kind, attributes);
        } catch (OutboxException | IllegalArgumentException e) {
            failedWrites.incrementAndGet();
            // The kind is a fixed word; attributes are never personal, but they stay out of the log anyway.
            log.error("kiosk {}: usage event {} not recorded: {}", kioskId, kind, e.getMessage());
        }
    }

    /** Writes that failed (disk full, bad event); the reason is also in the outbox figures. */
    public long failedWrites() {
        return failedWrites.get();
    }
}
