package vn.p06.fleet.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.KioskRecord;
import vn.p06.fleet.store.KioskRepository;
import vn.p06.fleet.store.Sql;

/**
 * Which rule conditions hold right now, per kiosk, from what the server already keeps: presence and
 * the newest health sample on the kiosk row, the newest reported state, the telemetry gaps.
 * Revoked kiosks and kiosks that never connected (enrolled, not yet installed) raise nothing.
 */
final class Conditions {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Gaps are counted over the hour before this margin: the newest records may still be on their way. */
    static final Duration GAP_SETTLE = Duration.ofMinutes(5);
    static final Duration GAP_WINDOW = Duration.ofHours(1);
    /** Counting gaps reads an hour of samples per kiosk: done at most this often, not every tick. */
    static final Duration GAP_PERIOD = Duration.ofMinutes(1);

    private final KioskRepository kiosks;
    private final Database database;
    private final TelemetryGaps gaps;
    private final Map<String, Optional<Condition>> lastGaps = new HashMap<>();
    private Instant gapsCountedAt = Instant.MIN;

    Conditions(KioskRepository kiosks, Database database, TelemetryGaps gaps) {
        this.kiosks = kiosks;
        this.database = database;
        this.gaps = gaps;
    }

    /** A condition that holds: the measured value (null for state rules) and a line for IT staff. */
    record Condition(String commune, Double value, String detail) {
    }

    Map<AlertStore.Key, Condition> evaluate(List<RuleSettings> enabled, Instant now) {
        Map<AlertStore.Key, Condition> holding = new HashMap<>();
        boolean countGaps = !now.isBefore(gapsCountedAt.plus(GAP_PERIOD));
        if (countGaps) {
            gapsCountedAt = now;
            lastGaps.clear();
        }
        Map<String, JsonNode> reported = enabled.stream().anyMatch(r -> r.kind() == Rule.ROLLOUT_FAILED)
                ? newestReported() : Map.of();
        for (KioskRecord kiosk : kiosks.list(Optional.empty())) {
            if (kiosk.revoked() || kiosk.presenceChangedAt() == null) {
                continue;
            }
            JsonNode health = parse(kiosk.lastHealth());
            for (RuleSettings rule : enabled) {
                Optional<Condition> condition = switch (rule.kind()) {
                    case OFFLINE -> offline(kiosk, rule.threshold(), now);
                    case TEMPERATURE -> temperature(kiosk, health, rule.threshold());
                    case DISK -> disk(kiosk, health, rule.threshold());
                    case PRINTER_PAPER_OUT -> peripheral(kiosk, health, "printer", p ->
                            p.path("present").asBoolean(false) && "paper-out".equals(p.path("state").asText()),
                            "printer out of paper");
                    case CARD_READER_MISSING -> peripheral(kiosk, health, "cardReader", p ->
                            !p.path("present").asBoolean(true), "card reader not connected");
                    case ROLLOUT_FAILED -> rolloutFailed(kiosk, reported.get(kiosk.id()));
                    case CERTIFICATE_EXPIRING -> certificateExpiring(kiosk, health, rule.threshold());
                    case TELEMETRY_GAP -> countGaps || !lastGaps.containsKey(kiosk.id())
                            ? remember(kiosk.id(), telemetryGap(kiosk, health, rule.threshold(), now))
                            : lastGaps.get(kiosk.id());
                };
                condition.ifPresent(c -> holding.put(new AlertStore.Key(kiosk.id(), rule.rule()), c));
            }
        }
        return holding;
    }

    private Optional<Condition> remember(String kioskId, Optional<Condition> gap) {
        lastGaps.put(kioskId, gap);
        return gap;
    }

    private static Optional<Condition> offline(KioskRecord kiosk, double minutes, Instant now) {
        if (kiosk.online()) {
            return Optional.empty();
        }
        Duration offline = Duration.between(kiosk.presenceChangedAt(), now);
        if (offline.toMillis() < minutes * 60_000) {
            return Optional.empty();
        }
        return Optional.of(new Condition(kiosk.commune(), (double) offline.toMinutes(),
                "offline since " + kiosk.presenceChangedAt()));
    }

    private static Optional<Condition> temperature(KioskRecord kiosk, JsonNode health, double limit) {
        JsonNode celsius = health.path("cpuTemperatureC");
        if (!celsius.isNumber() || celsius.asDouble() <= limit) {
            return Optional.empty();
        }
        return Optional.of(new Condition(kiosk.commune(), celsius.asDouble(),
                String.format(java.util.Locale.ROOT, "CPU at %.1f °C (limit %.0f °C)", celsius.asDouble(), limit)));
    }

    private static Optional<Condition> disk(KioskRecord kiosk, JsonNode health, double minPercent) {
        long total = health.path("diskTotalBytes").asLong(0);
        if (total <= 0) {
            return Optional.empty();
        }
        double freePercent = 100.0 * health.path("diskFreeBytes").asLong(0) / total;
        if (freePercent >= minPercent) {
            return Optional.empty();
        }
        return Optional.of(new Condition(kiosk.commune(), Math.round(freePercent * 10) / 10.0,
                String.format(java.util.Locale.ROOT, "%.1f%% of the disk free (%d MiB)", freePercent,
                        health.path("diskFreeBytes").asLong(0) >> 20)));
    }

    /**
     * Kiosks renew their certificate by themselves months ahead (kiosk identity package), so one that
     * gets close to the end has a renewal that keeps failing: the kiosk's last error goes on the alert.
     * Kiosks on passwords report no certificate and raise nothing.
     */
    private static Optional<Condition> certificateExpiring(KioskRecord kiosk, JsonNode health, double minDays) {
        JsonNode certificate = health.path("certificate");
        if (!certificate.path("daysLeft").isNumber() || certificate.path("daysLeft").asLong() >= minDays) {
            return Optional.empty();
        }
        long days = certificate.path("daysLeft").asLong();
        String error = certificate.path("lastRenewalError").asText("");
        return Optional.of(new Condition(kiosk.commune(), (double) days,
                (days < 0 ? "certificate ended " + certificate.path("notAfter").asText()
                        : "certificate ends in " + days + " days (" + certificate.path("notAfter").asText() + ")")
                        + (error.isEmpty() ? "" : "; last renewal error: " + error)));
    }

    /** A peripheral raises nothing until its port reports: a kiosk without a printer has no printer key. */
    private static Optional<Condition> peripheral(KioskRecord kiosk, JsonNode health, String port,
                                                  java.util.function.Predicate<JsonNode> failing, String what) {
        JsonNode peripheral = health.path("peripherals").path(port);
        if (!peripheral.isObject() || !failing.test(peripheral)) {
            return Optional.empty();
        }
        String detail = peripheral.path("detail").asText("");
        return Optional.of(new Condition(kiosk.commune(), null, detail.isEmpty() ? what : what + ": " + detail));
    }

    private static Optional<Condition> rolloutFailed(KioskRecord kiosk, JsonNode reported) {
        if (reported == null || !"failed".equals(reported.path("phase").asText())) {
            return Optional.empty();
        }
        String release = reported.path("pendingRelease").asText(reported.path("activeRelease").asText("?"));
        return Optional.of(new Condition(kiosk.commune(), null,
                "release " + release + " failed: " + reported.path("detail").asText("no reason given")));
    }

    /**
     * Counted only once everything in the window has left the kiosk: while its outbox still holds
     * records older than the window's end, a hole may be a record on its way, not a loss.
     */
    private Optional<Condition> telemetryGap(KioskRecord kiosk, JsonNode health, double limit, Instant now) {
        JsonNode oldest = health.path("outbox").path("oldestAgeSeconds");
        if (oldest.isNumber() && oldest.asLong() > GAP_SETTLE.toSeconds()) {
            return Optional.empty();
        }
        Instant to = now.minus(GAP_SETTLE);
        TelemetryGaps.Report report = gaps.report(kiosk.id(), to.minus(GAP_WINDOW), to);
        long lost = report.lost();
        if (lost <= limit) {
            return Optional.empty();
        }
        String perChannel = report.channels().stream().filter(c -> c.lost() > 0)
                .map(c -> c.lost() + " " + c.channel())
                .collect(java.util.stream.Collectors.joining(", "));
        return Optional.of(new Condition(kiosk.commune(), (double) lost,
                "lost in the hour to " + to + ": " + perChannel + " (after what the kiosk declared dropped)"));
    }

    private Map<String, JsonNode> newestReported() {
        Map<String, JsonNode> newest = new HashMap<>();
        Sql.query(database, "SELECT r.kiosk_id, r.body FROM reported_states r WHERE r.kiosk_ts = "
                        + "(SELECT MAX(kiosk_ts) FROM reported_states n WHERE n.kiosk_id = r.kiosk_id)",
                statement -> { }, rs -> newest.put(rs.getString(1), parse(rs.getString(2))));
        return newest;
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            return JSON.missingNode(); // validated at ingest; an unreadable body raises nothing
        }
    }
}
