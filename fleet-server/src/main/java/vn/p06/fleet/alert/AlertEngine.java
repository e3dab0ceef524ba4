package vn.p06.fleet.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.audit.AuditLog;
import vn.p06.fleet.live.LiveEvents;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.KioskRepository;

/**
 * The alert rule engine: a periodic job ({@link #tick()}) that turns conditions into alerts, plus the
 * operations people perform on alerts, rules and notification settings (each one audited).
 * <p>
 * Flap suppression, per kiosk and rule: an alert opens only after its condition held
 * {@code forSeconds}; it resolves only after the condition has been clear for {@link Policy#holdDown()};
 * and a condition that comes back within {@link Policy#coolDown()} of a resolution re-opens the same
 * alert without a new notification. A kiosk that drops off the network every thirty seconds is one
 * alert and one notification, not forty.
 * <p>
 * What a condition has held for is kept in memory: after a server restart {@code forSeconds} counts
 * again from the first tick, while open alerts (in the database) stay open.
 */
public final class AlertEngine {
    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);
    private static final String SYSTEM = "system";

    /**
     * @param holdDown       how long a condition must stay clear before its alert resolves itself
     * @param coolDown       a condition back within this time of a resolution re-opens that alert, silently
     * @param notifyAttempts attempts per notification channel
     * @param firstBackoff   wait after the first failed attempt; doubled after each further one
     * @param webhookTimeout connect and answer timeout of one webhook attempt
     */
    public record Policy(Duration holdDown, Duration coolDown, int notifyAttempts, Duration firstBackoff,
                         Duration webhookTimeout) {
        public static Policy defaults() {
            return new Policy(Duration.ofMinutes(5), Duration.ofMinutes(30), 5, Duration.ofSeconds(10),
                    Duration.ofSeconds(10));
        }
    }

    private final AlertStore store;
    private final Conditions conditions;
    private final TelemetryGaps gaps;
    private final Notifications notifications;
    private final LiveEvents live;
    private final AuditLog audit;
    private final Clock clock;
    private final Policy policy;
    /** Per kiosk and rule: since when the condition holds, or since when it has been clear. */
    private final Map<AlertStore.Key, Tracker> trackers = new HashMap<>();

    private static final class Tracker {
        Instant holdingSince;
        Instant clearSince;
    }

    /** @param executor runs notification attempts and their retries */
    public AlertEngine(Database database, KioskRepository kiosks, LiveEvents live, AuditLog audit, Clock clock,
                       Policy policy, ScheduledExecutorService executor) {
        this.store = new AlertStore(database);
        this.gaps = new TelemetryGaps(database);
        this.conditions = new Conditions(kiosks, database, gaps);
        this.live = live;
        this.audit = audit;
        this.clock = clock;
        this.policy = policy;
        this.notifications = new Notifications(store,
                List.of(new WebhookChannel(policy.webhookTimeout()), new EmailChannel(policy.webhookTimeout())),
                policy.notifyAttempts(), policy.firstBackoff(), clock, executor, this::publish);
    }

    /** One evaluation of every enabled rule over the fleet; the server runs it every few seconds. */
    public synchronized void tick() {
        Instant now = clock.instant();
        List<RuleSettings> enabled = store.rules().stream().filter(RuleSettings::enabled).toList();
        Map<String, RuleSettings> rules = new HashMap<>();
        enabled.forEach(rule -> rules.put(rule.rule(), rule));
        Map<AlertStore.Key, Conditions.Condition> holding = conditions.evaluate(enabled, now);
        Map<AlertStore.Key, Alert> active = store.active();

        holding.forEach((key, condition) -> {
            Tracker tracker = trackers.computeIfAbsent(key, k -> new Tracker());
            tracker.clearSince = null;
            if (tracker.holdingSince == null) {
                tracker.holdingSince = now;
            }
            Alert alert = active.get(key);
            if (alert != null) {
                if (store.refresh(alert, condition.detail(), condition.value())) {
                    publish(alert.id());
                }
            } else if (!now.isBefore(tracker.holdingSince.plusSeconds(rules.get(key.rule()).forSeconds()))) {
                raise(key, condition, rules.get(key.rule()), now);
            }
        });
        active.forEach((key, alert) -> {
            if (holding.containsKey(key)) {
                return;
            }
            Tracker tracker = trackers.computeIfAbsent(key, k -> new Tracker());
            tracker.holdingSince = null;
            if (tracker.clearSince == null) {
                tracker.clearSince = now;
            }
            if (!now.isBefore(tracker.clearSince.plus(policy.holdDown()))
                    && store.transition(alert.id(), Set.of("open", "acknowledged"), "resolved", now, SYSTEM)) {
                log.info("alert {} resolved: {} on {} clear for {}", alert.id(), key.rule(), key.kioskId(),
                        policy.holdDown());
                publish(alert.id());
            }
        });
        // Conditions that stopped before opening anything start again from zero; clear ones are kept
        // only while an alert is active (the hold-down) to keep the map small.
        trackers.entrySet().removeIf(entry -> !holding.containsKey(entry.getKey())
                && !active.containsKey(entry.getKey()));
    }

    private void raise(AlertStore.Key key, Conditions.Condition condition, RuleSettings rule, Instant now) {
        Optional<Alert> recent = store.resolvedSince(key, now.minus(policy.coolDown()));
        if (recent.isPresent()) {
            store.reopen(recent.get().id(), condition.detail(), condition.value());
            log.info("alert {} re-opened within the cool-down (no notification): {} on {}", recent.get().id(),
                    key.rule(), key.kioskId());
            publish(recent.get().id());
            return;
        }
        Alert alert = store.open(key, condition.commune(), rule.severity(), condition.detail(), condition.value(),
                now);
        log.info("alert {} opened: {} on {}: {}", alert.id(), key.rule(), key.kioskId(), condition.detail());
        publish(alert.id());
        notifications.opened(alert);
    }

    private void publish(String alertId) {
        store.find(alertId).ifPresent(alert -> live.publish("alert", alert.kioskId(), alert));
    }

    /** Newest first; without states, open and acknowledged. */
    public List<Alert> list(Set<String> states, Optional<String> kioskId) {
        return store.list(states.isEmpty() ? Set.of("open", "acknowledged") : states, kioskId);
    }

    public Optional<Alert> find(String id) {
        return store.find(id);
    }

    /** @return the alert; empty when there is none with this id. Acknowledging twice changes nothing. */
    public Optional<Alert> acknowledge(String id, String actor) {
        return change(id, Set.of("open"), "acknowledged", "alert.acknowledged", actor);
    }

    /** Resolving by hand while the condition still holds: the next tick re-opens it, without notifying. */
    public Optional<Alert> resolve(String id, String actor) {
        return change(id, Set.of("open", "acknowledged"), "resolved", "alert.resolved", actor);
    }

    private Optional<Alert> change(String id, Set<String> from, String to, String action, String actor) {
        if (store.find(id).isEmpty()) {
            return Optional.empty();
        }
        if (store.transition(id, from, to, clock.instant(), actor)) {
            Alert alert = store.find(id).orElseThrow();
            audit.record(actor, action, alert.kioskId(), alert.rule() + " " + id);
            live.publish("alert", alert.kioskId(), alert);
        }
        return store.find(id);
    }

    public List<RuleSettings> rules() {
        return store.rules();
    }

    public RuleSettings updateRule(Rule rule, boolean enabled, double threshold, int forSeconds, String severity,
                                   String actor) {
        store.updateRule(rule, enabled, threshold, forSeconds, severity);
        audit.record(actor, "alert-rule.updated", "rule:" + rule.wireName(), "enabled=" + enabled + " threshold="
                + threshold + " forSeconds=" + forSeconds + " severity=" + severity);
        return store.rules().stream().filter(r -> r.kind() == rule).findFirst().orElseThrow();
    }

    NotificationSettings settings() {
        return store.settings();
    }

    void saveSettings(NotificationSettings settings, String actor) {
        store.saveSettings(settings);
        audit.record(actor, "notifications.updated", "notifications", settings.toString());
    }

    public TelemetryGaps.Report gaps(String kioskId, Instant from, Instant to) {
        return gaps.report(kioskId, from, to);
    }
}
