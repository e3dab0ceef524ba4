package vn.p06.kiosk.telemetry;

import java.util.concurrent.CompletableFuture;
import vn.p06.protocol.Envelope;

/**
 * Where kiosk-originated messages go. Today the MQTT link itself; the durable outbox (a later
 * issue) will implement this too, accept always, and drain to the link when it is connected, so
 * the reporter and the command handler do not change.
 */
public interface TelemetrySink {

    /** Whether {@link #send} can take a message now; a producer skips (and counts) when not. */
    boolean isAccepting();

    /** Completes when the message is safely handed over (for MQTT: on a successful PUBACK). */
    CompletableFuture<Void> send(Envelope envelope);
}
