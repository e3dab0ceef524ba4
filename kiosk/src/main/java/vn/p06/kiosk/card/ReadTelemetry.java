package vn.p06.kiosk.card;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.telemetry.UsageRecorder;

/**
 * The one usage event of a read: outcome word and timing, never card data. A cloned chip is outcome
 * {@code tampered} with {@code chip_proof=cloned}; {@code chip_auth} says how the chip was challenged.
 */
final class ReadTelemetry {
    static final String KIND = "card.read";
    private static final Logger LOG = LoggerFactory.getLogger(ReadTelemetry.class);

    private ReadTelemetry() {
    }

    /** @param access {@code pace}, {@code bac}, {@code none} or {@code simulated} */
    static void report(UsageRecorder usage, ReadResult result, String access) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("outcome", result.outcome().word());
        attributes.put("duration_ms", Long.toString(result.durationMillis()));
        attributes.put("access", access);
        if (result instanceof ReadResult.Read) {
            CardSession session = ((ReadResult.Read) result).session();
            attributes.put("authenticity", session.authenticity().name().toLowerCase(Locale.ROOT));
            attributes.put("chip_proof", session.chipProof().name().toLowerCase(Locale.ROOT));
            attributes.put("chip_auth", session.chipProofMethod().word());
        } else if (result instanceof ReadResult.Cloned) {
            attributes.put("chip_proof", ChipProof.CLONED.name().toLowerCase(Locale.ROOT));
            attributes.put("chip_auth", ((ReadResult.Cloned) result).method());
        }
        LOG.info("card read: outcome={} in {} ms via {}", result.outcome().word(), result.durationMillis(), access);
        try {
            usage.record(KIND, Map.copyOf(attributes));
        } catch (RuntimeException e) {
            // Telemetry must never turn a good read into a failure.
            LOG.warn("usage event not recorded: {}", e.getClass().getSimpleName());
        }
    }
}
