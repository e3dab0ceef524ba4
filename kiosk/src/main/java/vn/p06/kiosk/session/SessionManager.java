package vn.p06.kiosk.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.telemetry.UsageRecorder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One resident's visit: starts on the first touch, ends on "Done", on inactivity, or when the UI
 * recovers from a fault; at the end everything entered is wiped. Time comes from the injected
 * {@link Clock} and {@link #tick()} is driven from outside (a UI timer in the app, the test by
 * hand), so tests never wait real minutes.
 * <p>
 * Usage events leave only through the typed methods below, which carry ids, counts and values,
 * never text the resident typed. A failing recorder is logged and ignored: the outbox having
 * trouble must not break the resident's visit. Confined to the JavaFX thread.
 */
public final class SessionManager {
    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);

    /** Why a session ended (the {@code reason} attribute of {@code session.end}). */
    public enum EndReason {
        DONE, TIMEOUT, RECOVERED;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Clock clock;
    private final UsageRecorder recorder;
    // The fleet may change both while the kiosk runs; the UI thread reads and writes them.
    private Duration timeout;
    private Duration warning;
    private final SessionData data = new SessionData();
    private final List<Consumer<EndReason>> endListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> endingListeners = new CopyOnWriteArrayList<>();
    private Instant started;
    private Instant lastActivity;

    /**
     * @param timeout inactivity after which the session ends
     * @param warning how long before the end the countdown is shown
     */
    public SessionManager(Clock clock, UsageRecorder recorder, Duration timeout, Duration warning) {
        this.clock = clock;
        this.recorder = recorder;
        timeouts(timeout, warning);
    }

    /** New timeouts, from the next tick on (a running visit keeps its last activity). */
    public void timeouts(Duration timeout, Duration warning) {
        if (warning.compareTo(timeout) > 0) {
            throw new IllegalArgumentException("warning " + warning + " longer than timeout " + timeout);
        }
        this.timeout = timeout;
        this.warning = warning;
    }

    /** A touch anywhere: starts a session if none is running, and resets the inactivity timer. */
    public void touch() {
        Instant now = clock.instant();
        if (started == null) {
            started = now;
            record("session.start", Map.of());
        }
        lastActivity = now;
    }

    public boolean active() {
        return started != null;
    }

    /** The data of the running session (empty when there is none). */
    public SessionData data() {
        return data;
    }

    /** Time left before the session ends on inactivity; zero when none is running. */
    public Duration remaining() {
        if (started == null) {
            return Duration.ZERO;
        }
        Duration left = timeout.minus(Duration.between(lastActivity, clock.instant()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The time to show on the countdown, only in the last {@code warning} of inactivity. */
    public Optional<Duration> countdown() {
        Duration left = remaining();
        return active() && left.compareTo(warning) <= 0 ? Optional.of(left) : Optional.empty();
    }

    /** Ends the session when the inactivity timeout has passed; call about once a second. */
    public void tick() {
        if (active() && remaining().isZero()) {
            end(EndReason.TIMEOUT);
        }
    }

    /** Called after the data is wiped, with the reason; the UI returns to the attract loop. */
    public void onEnd(Consumer<EndReason> listener) {
        endListeners.add(listener);
    }

    /** Called before the data is wiped and {@code session.end} recorded: screens report their last events. */
    public void onEnding(Runnable listener) {
        endingListeners.add(listener);
    }

    public void end(EndReason reason) {
        if (started == null) {
            return;
        }
        endingListeners.forEach(Runnable::run);
        long seconds = Duration.between(started, clock.instant()).toSeconds();
        started = null;
        lastActivity = null;
        data.wipe();
        record("session.end", Map.of("reason", reason.wireName(), "seconds", Long.toString(seconds)));
        endListeners.forEach(l -> l.accept(reason));
    }

    public void serviceViewed(String serviceId) {
        record("service.viewed", Map.of("service", serviceId));
    }

    /** @param outcome {@code played}, {@code missing} (no file yet) or {@code failed} (did not decode) */
    public void videoPlayed(String serviceId, long secondsWatched, String outcome) {
        record("video.played", Map.of("service", serviceId, "seconds", Long.toString(secondsWatched),
                "outcome", outcome));
    }

    /**
     * Proof of play: one item of the attract loop was shown, from {@code start} for {@code seconds},
     * to its end or not. Recorded outside visits too: the loop plays while nobody is there.
     *
     * @param item    the blob hash of a release item (or the built-in item's source)
     * @param release the content release it belongs to
     */
    public void contentPlayed(String item, String release, Instant start, long seconds, boolean completed) {
        record("content.played", Map.of("item", item, "release", release, "start", start.toString(),
                "seconds", Long.toString(seconds), "outcome", completed ? "completed" : "skipped"));
    }

    /** A search was made: only how many results it gave, never the text. */
    public void searched(int results) {
        record("search", Map.of("results", Integer.toString(results)));
    }

    public void rated(int value) {
        if (value < 1 || value > 5) {
            throw new IllegalArgumentException("rating must be 1..5, got " + value);
        }
        data.rating(value);
        record("rating", Map.of("value", Integer.toString(value)));
    }

    /** Printing the guide: only which service, and whether the printer took it. */
    public void guidePrinted(String serviceId, boolean ok) {
        record("guide.printed", Map.of("service", serviceId, "outcome", ok ? "ok" : "failed"));
    }

    /** A queue ticket: which service, and whether the ticket printer took it (never the number's holder). */
    public void ticketPrinted(String serviceId, boolean ok) {
        record("ticket.printed", Map.of("service", serviceId, "outcome", ok ? "ok" : "failed"));
    }

    /** A prefilled form went to the printer: which service and whether it printed (never a value). */
    public void formPrinted(String serviceId, boolean ok) {
        record("form.printed", Map.of("service", serviceId, "outcome", ok ? "ok" : "failed"));
    }

    /** Scanning ended with this many pages; {@code saved}: the resident took the file on their stick. */
    public void scanDone(int pages, boolean saved) {
        if (pages < 0) {
            throw new IllegalArgumentException("pages must not be negative, got " + pages);
        }
        record("scan.done", Map.of("pages", Integer.toString(pages), "saved", Boolean.toString(saved)));
    }

    /**
     * Someone asked for staff, on screen or with the kiosk's button; the dashboard shows it.
     *
     * @param source {@code screen} or {@code button}
     */
    public void staffCalled(String source) {
        record("staff.called", Map.of("source", source));
    }

    /**
     * The resident confirmed a form the card filled: which service and how many fields came from
     * the card. Never a value from the card (the card read itself reports its own outcome).
     */
    public void formPrefilled(String serviceId, int fieldCount) {
        if (fieldCount < 0) {
            throw new IllegalArgumentException("field count must not be negative, got " + fieldCount);
        }
        record("form.prefilled", Map.of("service", serviceId, "fields", Integer.toString(fieldCount)));
    }

    private void record(String kind, Map<String, String> attributes) {
        try {
            recorder.record(kind, attributes);
        } catch (RuntimeException e) {
            LOG.warn("usage event {} not recorded: {}", kind, e.toString());
        }
    }
}
