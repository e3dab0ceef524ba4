package vn.p06.kiosk.telemetry;

import java.util.Map;

/**
 * Where the kiosk's features record usage events (session start/end, service viewed, video
 * played, card-read outcome, print, scan, rating). The implementation writes them durably to the
 * outbox, which sends them in batches as {@code events} messages.
 * <p>
 * Attributes are small non-personal facts (service id, seconds watched, an outcome word); never a
 * name, an id number, a date of birth or a search text. Keys and values are checked by the
 * protocol's {@code UsageEvent} record.
 */
@FunctionalInterface
public interface UsageRecorder {

    /**
     * @param kind       e.g. {@code session.start}, {@code service.viewed}, {@code video.played}
     * @param attributes at most 16 entries, values at most 256 characters
     */
    void record(String kind, Map<String, String> attributes);
}
