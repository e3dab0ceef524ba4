package vn.p06.fleet.alert;

import java.util.Arrays;
import java.util.Optional;

/** The alert rules the engine knows; the thresholds and switches live in the table {@code alert_rules}. */
public enum Rule {
    OFFLINE("offline", "minutes", "The kiosk has been offline for more than threshold minutes."),
    TEMPERATURE("temperature", "°C", "CPU temperature above threshold."),
    DISK("disk", "% free", "Free disk space below threshold percent."),
    PRINTER_PAPER_OUT("printer-paper-out", null, "The guide printer reports paper out (threshold unused)."),
    CARD_READER_MISSING("card-reader-missing", null, "The CCCD card reader is not connected (threshold unused)."),
    ROLLOUT_FAILED("rollout-failed", null, "The kiosk reported a content release as failed (threshold unused)."),
    CERTIFICATE_EXPIRING("certificate-expiring", "days",
            "The kiosk's client certificate ends in fewer than threshold days: its own renewal is failing "
                    + "(the reason is on the alert) or it was switched off for months."),
    TELEMETRY_GAP("telemetry-gap", "messages/hour",
            "More than threshold health samples or usage events lost in the last hour (not counting what the "
                    + "kiosk's outbox declared it dropped).");

    private final String wireName;
    private final String unit;
    private final String description;

    Rule(String wireName, String unit, String description) {
        this.wireName = wireName;
        this.unit = unit;
        this.description = description;
    }

    public String wireName() {
        return wireName;
    }

    public String unit() {
        return unit;
    }

    public String description() {
        return description;
    }

    public static Optional<Rule> fromWireName(String name) {
        return Arrays.stream(values()).filter(rule -> rule.wireName.equals(name)).findFirst();
    }
}
