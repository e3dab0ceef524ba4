package vn.p06.fleet.store;

import java.time.Instant;
import java.util.List;
import vn.p06.protocol.Envelope;

/**
 * What the ingest hands the store in one transaction: accepted messages and refused ones.
 * Both are written together, and only then acknowledged to the broker.
 */
public record IngestBatch(List<Accepted> accepted, List<Rejected> rejected) {

    public IngestBatch {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }

    public record Accepted(Envelope envelope, Instant receivedAt) {
    }

    /** A refused message, kept with its reason; at most {@link #KEPT_PREFIX} bytes of it. */
    public record Rejected(String topic, String reason, String detail, int payloadSize, byte[] payloadPrefix,
                           Instant receivedAt) {
        public static final int KEPT_PREFIX = 4096;

        public static Rejected of(String topic, String reason, String detail, byte[] payload, Instant receivedAt) {
            byte[] prefix = java.util.Arrays.copyOf(payload, Math.min(payload.length, KEPT_PREFIX));
            String shortDetail = detail.length() > 500 ? detail.substring(0, 500) : detail;
            String shortTopic = topic.length() > 256 ? topic.substring(0, 256) : topic;
            return new Rejected(shortTopic, reason, shortDetail, payload.length, prefix, receivedAt);
        }
    }

    /** How many records the batch added, and how many were already there (redeliveries). */
    public record Result(int stored, int duplicates, int rejected) {
    }
}
