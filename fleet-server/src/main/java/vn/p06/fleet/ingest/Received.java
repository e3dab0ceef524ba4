package vn.p06.fleet.ingest;

import java.time.Instant;
import vn.p06.fleet.store.IngestBatch;
import vn.p06.protocol.Envelope;

/**
 * One message taken from the broker and not yet acknowledged: either decoded, or refused with a
 * reason. {@code ack} sends the PUBACK; it runs only after the message is committed.
 */
record Received(Envelope envelope, IngestBatch.Rejected rejected, Instant receivedAt, Runnable ack) {

    static Received accepted(Envelope envelope, Instant receivedAt, Runnable ack) {
        return new Received(envelope, null, receivedAt, ack);
    }

    static Received refused(IngestBatch.Rejected rejected, Runnable ack) {
        return new Received(null, rejected, rejected.receivedAt(), ack);
    }

    boolean isAccepted() {
        return envelope != null;
    }

    /** Rows this message becomes: one per health sample or usage event, else one. */
    int records() {
        if (envelope == null) {
            return 1;
        }
        if (envelope.body() instanceof vn.p06.protocol.Body.EventBatch batch) {
            return batch.events().size();
        }
        return Math.max(1, envelope.healthSamples().size());
    }
}
