package vn.p06.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The payload of an {@link Envelope}: one record per message type of protocol v1.
 * Every record validates itself on construction, so an invalid body cannot exist in memory;
 * the codec turns that failure into {@link ProtocolException.Reason#INVALID}.
 * <p>
 * No body carries personal data: a card read, for example, is reported as an outcome
 * ({@code ok}, {@code wrong-key}, ...), never as a name or a number.
 */
public sealed interface Body {

    int MAX_EVENTS_PER_BATCH = 500;
    /** A day of samples every 10 minutes, or 2 hours of them every 30 s, in one message. */
    int MAX_SAMPLES_PER_HEALTH_BATCH = 240;
    int MAX_ATTRIBUTES = 16;
    int MAX_TEXT = 256;

    /** Presence: retained on {@code status}; the {@code offline} one is the MQTT will. */
    record Status(Presence state, String appVersion) implements Body {
        public Status {
            Checks.notNull("state", state);
            Checks.shortText("appVersion", appVersion);
        }
    }

    enum Presence {
        ONLINE, OFFLINE;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One health sample of the kiosk machine.
     *
     * @param cpuTemperatureC null where the machine has no thermal sensor
     * @param peripherals     by port name ({@code cardReader}, {@code printer}, ...); empty until
     *                        the peripheral ports report
     * @param outbox          the kiosk's store-and-forward backlog; null from senders without one
     * @param certificate     the kiosk's TLS certificate and its renewal; null for password-only kiosks
     *                        and older agents (an added, optional field: protocol v1 still)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Health(Double cpuTemperatureC, double loadAverage1m, int cpuCount,
                  long memoryTotalBytes, long memoryAvailableBytes,
                  long diskTotalBytes, long diskFreeBytes, long uptimeSeconds,
                  List<String> ipAddresses, String osVersion, String javaVersion, String appVersion,
                  Map<String, Peripheral> peripherals, OutboxStats outbox, CertificateState certificate)
            implements Body {

        /** A sample without certificate figures. */
        public Health(Double cpuTemperatureC, double loadAverage1m, int cpuCount,
                      long memoryTotalBytes, long memoryAvailableBytes,
                      long diskTotalBytes, long diskFreeBytes, long uptimeSeconds,
                      List<String> ipAddresses, String osVersion, String javaVersion, String appVersion,
                      Map<String, Peripheral> peripherals, OutboxStats outbox) {
            this(cpuTemperatureC, loadAverage1m, cpuCount, memoryTotalBytes, memoryAvailableBytes, diskTotalBytes,
                    diskFreeBytes, uptimeSeconds, ipAddresses, osVersion, javaVersion, appVersion, peripherals, outbox,
                    null);
        }

        /** A sample without outbox figures (the health source does not know them). */
        public Health(Double cpuTemperatureC, double loadAverage1m, int cpuCount,
                      long memoryTotalBytes, long memoryAvailableBytes,
                      long diskTotalBytes, long diskFreeBytes, long uptimeSeconds,
                      List<String> ipAddresses, String osVersion, String javaVersion, String appVersion,
                      Map<String, Peripheral> peripherals) {
            this(cpuTemperatureC, loadAverage1m, cpuCount, memoryTotalBytes, memoryAvailableBytes, diskTotalBytes,
                    diskFreeBytes, uptimeSeconds, ipAddresses, osVersion, javaVersion, appVersion, peripherals, null);
        }

        /** The same sample with the outbox figures added by the store-and-forward layer. */
        public Health withOutbox(OutboxStats stats) {
            return new Health(cpuTemperatureC, loadAverage1m, cpuCount, memoryTotalBytes, memoryAvailableBytes,
                    diskTotalBytes, diskFreeBytes, uptimeSeconds, ipAddresses, osVersion, javaVersion, appVersion,
                    peripherals, stats, certificate);
        }

        /** The same sample with the state of the kiosk's certificate added by its renewal. */
        public Health withCertificate(CertificateState state) {
            return new Health(cpuTemperatureC, loadAverage1m, cpuCount, memoryTotalBytes, memoryAvailableBytes,
                    diskTotalBytes, diskFreeBytes, uptimeSeconds, ipAddresses, osVersion, javaVersion, appVersion,
                    peripherals, outbox, state);
        }

        public Health {
            if (cpuTemperatureC != null && (cpuTemperatureC < -60 || cpuTemperatureC > 200)) {
                throw new IllegalArgumentException("cpuTemperatureC out of range: " + cpuTemperatureC);
            }
            Checks.nonNegative("loadAverage1m", loadAverage1m);
            Checks.nonNegative("cpuCount", cpuCount);
            Checks.nonNegative("memoryTotalBytes", memoryTotalBytes);
            Checks.nonNegative("memoryAvailableBytes", memoryAvailableBytes);
            Checks.nonNegative("diskTotalBytes", diskTotalBytes);
            Checks.nonNegative("diskFreeBytes", diskFreeBytes);
            Checks.nonNegative("uptimeSeconds", uptimeSeconds);
            ipAddresses = Checks.boundedList("ipAddresses", ipAddresses, MAX_ATTRIBUTES);
            ipAddresses.forEach(ip -> Checks.shortText("ipAddresses[]", ip));
            Checks.shortText("osVersion", osVersion);
            Checks.shortText("javaVersion", javaVersion);
            Checks.shortText("appVersion", appVersion);
            peripherals = Checks.boundedMap("peripherals", peripherals, MAX_ATTRIBUTES);
        }
    }

    /**
     * The kiosk's TLS certificate as IT staff need to see it: how long it has left and whether the
     * kiosk's own renewal works (a kiosk whose renewal fails for weeks is about to drop off the fleet).
     *
     * @param serial           hex serial of the certificate in use (the ledger and the CRL use it too)
     * @param notAfter         ISO-8601 instant the certificate ends
     * @param daysLeft         whole days until then; negative once expired
     * @param lastRenewalError null while renewal works or is not due; else a short reason
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CertificateState(String serial, String notAfter, long daysLeft, String lastRenewalError) {
        public CertificateState {
            Checks.shortText("serial", serial);
            Checks.shortText("notAfter", notAfter);
            Checks.shortText("lastRenewalError", lastRenewalError);
        }
    }

    /**
     * The kiosk outbox as IT staff need to see it: how much waits, how old the oldest record is,
     * and what the retention policy had to drop (health is thinned before any usage event goes).
     *
     * @param lastError null while writes succeed; else a short reason such as {@code disk full}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OutboxStats(long pending, long oldestAgeSeconds, long droppedHealth, long droppedEvents,
                       String lastError) {
        public OutboxStats {
            Checks.nonNegative("pending", pending);
            Checks.nonNegative("oldestAgeSeconds", oldestAgeSeconds);
            Checks.nonNegative("droppedHealth", droppedHealth);
            Checks.nonNegative("droppedEvents", droppedEvents);
            Checks.shortText("lastError", lastError);
        }
    }

    /** State of one peripheral port, e.g. {@code {present:true, state:"paper-out"}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Peripheral(boolean present, String state, String detail) {
        public Peripheral {
            Checks.name("state", state);
            Checks.shortText("detail", detail);
        }
    }

    /**
     * Health samples a kiosk wrote while it could not send them, drained from its outbox in one
     * message instead of one message each (an hour offline is 120 samples). Each sample keeps the
     * id and sequence number it was written with, so the server stores it exactly once however it
     * is regrouped on a resend, and sees the same gaps as if the samples had come one by one. The
     * envelope's own id is what the server confirms in {@code stored}; a lone sample still goes
     * as a plain {@code health} message.
     */
    record HealthBatch(List<HealthSample> samples) implements Body {
        public HealthBatch {
            samples = Checks.boundedList("samples", samples, MAX_SAMPLES_PER_HEALTH_BATCH);
            if (samples.isEmpty()) {
                throw new IllegalArgumentException("samples must not be empty");
            }
        }
    }

    /** One health sample of a {@link HealthBatch}: the id, time and sequence number of its own envelope. */
    record HealthSample(String id, long ts, long seq, Health health) {
        public HealthSample {
            Checks.id("id", id);
            Checks.nonNegative("ts", ts);
            Checks.nonNegative("seq", seq);
            Checks.notNull("health", health);
        }
    }

    /** A batch of usage events drained from the kiosk outbox, oldest first. */
    record EventBatch(List<UsageEvent> events) implements Body {
        public EventBatch {
            events = Checks.boundedList("events", events, MAX_EVENTS_PER_BATCH);
            if (events.isEmpty()) {
                throw new IllegalArgumentException("events must not be empty");
            }
        }
    }

    /**
     * One usage event. {@code id} is unique for ever (UUIDv7) so that the server's effect is
     * exactly once however often the batch is delivered; {@code seq} is the kiosk's own counter
     * that lets the server see gaps.
     *
     * @param kind       e.g. {@code session.start}, {@code service.viewed}, {@code video.played}
     * @param attributes small, non-personal facts: service id, seconds watched, outcome
     */
    record UsageEvent(String id, long ts, long seq, String kind, Map<String, String> attributes) {
        public UsageEvent {
            Checks.id("id", id);
            Checks.nonNegative("ts", ts);
            Checks.nonNegative("seq", seq);
            Checks.name("kind", kind);
            attributes = Checks.boundedMap("attributes", attributes, MAX_ATTRIBUTES);
            attributes.forEach((k, v) -> {
                Checks.name("attributes key", k);
                Checks.shortText("attributes[" + k + "]", v);
            });
        }
    }

    /** A remote command; the envelope id is the command id. */
    record Command(String name, long expiresAt, Map<String, String> arguments) implements Body {
        public Command {
            Checks.name("name", name);
            Checks.nonNegative("expiresAt", expiresAt);
            arguments = Checks.boundedMap("arguments", arguments, MAX_ATTRIBUTES);
            arguments.forEach((k, v) -> Checks.shortText("arguments[" + k + "]", v));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CommandAck(String commandId, AckState state, String detail) implements Body {
        public CommandAck {
            Checks.id("commandId", commandId);
            Checks.notNull("state", state);
            Checks.shortText("detail", detail);
        }
    }

    enum AckState {
        ACCEPTED, DONE, FAILED, EXPIRED, REJECTED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What the server wants the kiosk to run: a content release and a config version. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DesiredState(String release, String manifestSha256, long configVersion,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> config) implements Body {
        /** Settings keys a desired state may carry; far more than the remotely changeable ones. */
        public static final int MAX_CONFIG_KEYS = 32;

        /** A desired state without a config overlay (content only, or a sender that predates it). */
        public DesiredState(String release, String manifestSha256, long configVersion) {
            this(release, manifestSha256, configVersion, Map.of());
        }

        /**
         * @param config the overlay of {@code configVersion}: kiosk.conf keys and their values as text
         *               ({@code vn.p06.protocol.config.RemoteConfig}); empty when none. Only bounded here:
         *               the kiosk checks the values itself and reports a refusal, so a bad value published
         *               around the server cannot stop the content part of the message from arriving.
         */
        public DesiredState {
            Checks.shortText("release", release);
            Checks.shortText("manifestSha256", manifestSha256);
            Checks.nonNegative("configVersion", configVersion);
            config = Checks.boundedMap("config", config, MAX_CONFIG_KEYS);
            config.forEach((key, value) -> {
                Checks.shortText("config key", key);
                Checks.shortText("config." + key, value);
            });
        }
    }

    /**
     * What the kiosk runs and is doing about the desired state.
     *
     * @param phase  where the kiosk is with {@code pendingRelease} (or, once active, the active one);
     *               null from senders that predate content
     * @param detail the reason when {@code phase} is {@code failed}, e.g. {@code blob 3f2a… hash mismatch}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReportedState(String activeRelease, String pendingRelease, int downloadPercent,
                         long configVersion, String detail, ContentPhase phase) implements Body {

        /** A report without a content phase (config only, or a sender without content). */
        public ReportedState(String activeRelease, String pendingRelease, int downloadPercent,
                             long configVersion, String detail) {
            this(activeRelease, pendingRelease, downloadPercent, configVersion, detail, null);
        }

        public ReportedState {
            Checks.shortText("activeRelease", activeRelease);
            Checks.shortText("pendingRelease", pendingRelease);
            if (downloadPercent < 0 || downloadPercent > 100) {
                throw new IllegalArgumentException("downloadPercent must be 0..100: " + downloadPercent);
            }
            Checks.nonNegative("configVersion", configVersion);
            Checks.shortText("detail", detail);
        }
    }

    /** A kiosk's progress with a release, as the rollout screens show it. */
    enum ContentPhase {
        PENDING, DOWNLOADING, VERIFIED, ACTIVE, FAILED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The server committed these messages (by envelope id) to its store. The broker's PUBACK only
     * says the broker has a message, and a broker that crashes can lose what it acknowledged; the
     * kiosk deletes a record from its outbox only on this end-to-end confirmation.
     */
    record Stored(List<String> messageIds) implements Body {
        public static final int MAX_IDS = 2000;

        public Stored {
            messageIds = Checks.boundedList("messageIds", messageIds, MAX_IDS);
            messageIds.forEach(id -> Checks.id("messageIds[]", id));
        }
    }

    /** Field checks shared by the body records; messages name the field that is wrong. */
    final class Checks {
        private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9._-]{0,63}");
        // Ids are UUIDs in canonical lower-case form: the server keys rows on them.
        private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        private Checks() {
        }

        static void notNull(String field, Object value) {
            if (value == null) {
                throw new IllegalArgumentException(field + " is required");
            }
        }

        static void nonNegative(String field, double value) {
            if (!(value >= 0)) {
                throw new IllegalArgumentException(field + " must be >= 0: " + value);
            }
        }

        static void shortText(String field, String value) {
            if (value != null && value.length() > MAX_TEXT) {
                throw new IllegalArgumentException(field + " longer than " + MAX_TEXT + " characters");
            }
        }

        static void name(String field, String value) {
            notNull(field, value);
            if (!NAME.matcher(value).matches()) {
                throw new IllegalArgumentException(field + " must match " + NAME.pattern() + ": " + value);
            }
        }

        static void id(String field, String value) {
            notNull(field, value);
            if (!ID.matcher(value).matches()) {
                throw new IllegalArgumentException(field + " must be a lower-case UUID");
            }
        }

        static <T> List<T> boundedList(String field, List<T> list, int max) {
            if (list == null) {
                return List.of();
            }
            if (list.size() > max) {
                throw new IllegalArgumentException(field + " has " + list.size() + " entries, at most " + max);
            }
            return List.copyOf(list);
        }

        static <V> Map<String, V> boundedMap(String field, Map<String, V> map, int max) {
            if (map == null) {
                return Map.of();
            }
            if (map.size() > max) {
                throw new IllegalArgumentException(field + " has " + map.size() + " entries, at most " + max);
            }
            return Map.copyOf(map);
        }
    }
}
