package vn.p06.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every MQTT topic name and filter of protocol v1 is built here and nowhere else.
 * Layout: {@code kiosk/v1/{kioskId}/{channel}}.
 */
public final class Topics {
    public static final String ROOT = "kiosk/v1";
    /** Shared-subscription group of the fleet server's ingest clients: instances split the load. */
    public static final String INGEST_GROUP = "ingest";

    /**
     * Kiosk ids are MQTT user names and topic levels at once, so they must not contain
     * '/', '+', '#' or spaces. Provisioning makes them as {commune code}-{number}, e.g. 26734-001.
     */
    private static final Pattern KIOSK_ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,62}");

    private Topics() {
    }

    public static boolean isValidKioskId(String kioskId) {
        return kioskId != null && KIOSK_ID.matcher(kioskId).matches();
    }

    public static String requireValidKioskId(String kioskId) {
        if (!isValidKioskId(kioskId)) {
            throw new IllegalArgumentException("kiosk id must match " + KIOSK_ID.pattern() + ": " + kioskId);
        }
        return kioskId;
    }

    public static String of(String kioskId, Channel channel) {
        return ROOT + "/" + requireValidKioskId(kioskId) + "/" + channel.suffix();
    }

    /** The prefix a kiosk owns: it may publish only below it (broker ACL). */
    public static String kioskPrefix(String kioskId) {
        return ROOT + "/" + requireValidKioskId(kioskId) + "/";
    }

    /** Filter for one channel of all kiosks, e.g. {@code kiosk/v1/+/health}. */
    public static String allKiosks(Channel channel) {
        return ROOT + "/+/" + channel.suffix();
    }

    /** The same filter as a shared subscription of the ingest group. */
    public static String sharedIngest(Channel channel) {
        return "$share/" + INGEST_GROUP + "/" + allKiosks(channel);
    }

    /** Parses a concrete topic; empty when it is not a protocol v1 kiosk topic. */
    public static Optional<TopicRef> parse(String topic) {
        if (topic == null || !topic.startsWith(ROOT + "/")) {
            return Optional.empty();
        }
        String rest = topic.substring(ROOT.length() + 1);
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String kioskId = rest.substring(0, slash);
        if (!isValidKioskId(kioskId)) {
            return Optional.empty();
        }
        return Channel.fromSuffix(rest.substring(slash + 1)).map(channel -> new TopicRef(kioskId, channel));
    }

    /** A parsed kiosk topic. */
    public record TopicRef(String kioskId, Channel channel) {
        public String topic() {
            return of(kioskId, channel);
        }
    }
}
