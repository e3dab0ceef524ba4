package vn.p06.fleet.alert;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an opened alert through every configured channel, off the rule engine's thread, retrying
 * with doubling backoff. Each attempt's outcome is stored on the alert (state, attempts, last error),
 * so a webhook that stays down is visible in the dashboard and nothing is lost: the alert itself is
 * committed before the first attempt.
 */
final class Notifications {
    private static final Logger log = LoggerFactory.getLogger(Notifications.class);

    private final AlertStore store;
    private final List<NotificationChannel> channels;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Consumer<String> changed;

    /** @param changed told the alert id after each outcome (the dashboard's live event) */
    Notifications(AlertStore store, List<NotificationChannel> channels, int maxAttempts, Duration firstBackoff,
                  Clock clock, ScheduledExecutorService executor, Consumer<String> changed) {
        this.store = store;
        this.channels = List.copyOf(channels);
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.clock = clock;
        this.executor = executor;
        this.changed = changed;
    }

    void opened(Alert alert) {
        NotificationSettings settings = store.settings();
        for (NotificationChannel channel : channels) {
            if (channel.configured(settings)) {
                long id = store.addNotification(alert.id(), channel.name(), clock.instant());
                executor.execute(() -> attempt(channel, alert, settings, id, 1));
            }
        }
    }

    private void attempt(NotificationChannel channel, Alert alert, NotificationSettings settings, long id, int n) {
        try {
            tryOnce(channel, alert, settings, id, n);
        } catch (RuntimeException | LinkageError e) {
            // the store failed, or the channel is broken: said loudly, since an executor would swallow it
            log.error("alert {}: {} notification attempt {} broke", alert.id(), channel.name(), n, e);
        }
    }

    private void tryOnce(NotificationChannel channel, Alert alert, NotificationSettings settings, long id, int n) {
        try {
            channel.send(alert, settings);
            store.notificationAttempt(id, "sent", n, null, clock.instant());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (n < maxAttempts) {
                store.notificationAttempt(id, "sending", n, reason, clock.instant());
                long delay = firstBackoff.toMillis() << (n - 1);
                executor.schedule(() -> attempt(channel, alert, settings, id, n + 1), delay, TimeUnit.MILLISECONDS);
                return;
            }
            store.notificationAttempt(id, "failed", n, reason, clock.instant());
            log.warn("alert {} ({} on {}): {} notification failed after {} attempts: {}", alert.id(), alert.rule(),
                    alert.kioskId(), channel.name(), n, reason);
        }
        changed.accept(alert.id());
    }
}
