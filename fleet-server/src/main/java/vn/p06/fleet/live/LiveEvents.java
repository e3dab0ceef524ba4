package vn.p06.fleet.live;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process bus of what changed in the fleet, for the dashboard's live updates: presence,
 * health, alerts, commands, rollout progress. Publishers do not wait for listeners, and a failing
 * listener never breaks a publisher (ingest must not stall because a browser is slow).
 * Across several server instances {@link LiveEventsBridge} carries them over the broker, so a
 * browser on any instance sees every change.
 */
public final class LiveEvents {
    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);

    /**
     * One change.
     *
     * @param type    e.g. {@code presence}, {@code health}, {@code alert}, {@code command}, {@code rollout}
     * @param kioskId the kiosk it concerns, or null for fleet-wide changes
     * @param payload a JSON-serialisable value (a record or a map)
     * @param origin  null for an event of this instance; else the instance it came from (through
     *                {@link LiveEventsBridge}), so that it is not sent back out
     */
    public record Event(String type, String kioskId, Object payload, String origin) {
    }

    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

    /** @return a handle that removes the listener when closed (a browser that went away) */
    public AutoCloseable subscribe(Consumer<Event> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void publish(String type, String kioskId, Object payload) {
        deliver(new Event(type, kioskId, payload, null));
    }

    /** An event another instance published, received through the bridge. */
    void deliverRemote(Event event) {
        deliver(event);
    }

    private void deliver(Event event) {
        String type = event.type();
        for (Consumer<Event> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("live listener failed on {} event: {}", type, e.toString());
            }
        }
    }
}
