package vn.p06.kiosk.content;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.telemetry.Sequences;
import vn.p06.kiosk.telemetry.TelemetrySink;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Envelope;

/**
 * Publishes reported state straight on the MQTT link, retained, latest wins. Not through the
 * outbox: a queue would deliver every stale percentage after a reconnect, where only the newest
 * state means anything. A report the link could not take is retried until it is out or a newer one
 * replaces it, so the broker's retained copy ends on the latest state.
 */
public final class StatePublisher implements Consumer<Body.ReportedState> {
    private static final Logger log = LoggerFactory.getLogger(StatePublisher.class);

    private final String kioskId;
    private final TelemetrySink link;
    private final Sequences sequences;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Duration retry;
    private final AtomicReference<Body.ReportedState> latest = new AtomicReference<>();
    private final AtomicBoolean retryPending = new AtomicBoolean();

    /** @param link the kiosk's MQTT link; {@code reported} is a retained channel, so it goes out retained */
    public StatePublisher(String kioskId, TelemetrySink link, Sequences sequences, Clock clock,
                          ScheduledExecutorService scheduler, Duration retry) {
        this.kioskId = kioskId;
        this.link = link;
        this.sequences = sequences;
        this.clock = clock;
        this.scheduler = scheduler;
        this.retry = retry;
    }

    @Override
    public void accept(Body.ReportedState state) {
        latest.set(state);
        publish(state);
    }

    private void publish(Body.ReportedState state) {
        Envelope envelope = Envelope.create(kioskId, clock.millis(), sequences.next(Channel.REPORTED), state);
        link.send(envelope).whenComplete((ok, e) -> {
            if (e != null && latest.get() == state && retryPending.compareAndSet(false, true)) {
                log.debug("kiosk {}: reported state not published yet: {}", kioskId, e.toString());
                try {
                    scheduler.schedule(() -> {
                        retryPending.set(false);
                        // The newest state, which may have failed while this retry was pending.
                        publish(latest.get());
                    }, retry.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closed) {
                    retryPending.set(false);
                }
            }
        });
    }
}
