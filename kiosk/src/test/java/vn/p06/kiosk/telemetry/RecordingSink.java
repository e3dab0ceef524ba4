package vn.p06.kiosk.telemetry;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import vn.p06.protocol.Envelope;

/** A sink that keeps what it is sent; its accepting flag plays connected / disconnected. */
final class RecordingSink implements TelemetrySink {
    final List<Envelope> sent = new CopyOnWriteArrayList<>();
    volatile boolean accepting = true;

    @Override
    public boolean isAccepting() {
        return accepting;
    }

    @Override
    public CompletableFuture<Void> send(Envelope envelope) {
        sent.add(envelope);
        return CompletableFuture.completedFuture(null);
    }
}
