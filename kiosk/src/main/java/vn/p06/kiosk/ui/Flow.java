package vn.p06.kiosk.ui;

import org.slf4j.Logger;
import vn.p06.kiosk.card.AccessKey;
import vn.p06.kiosk.card.ReadResult;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * The one place that says which screen follows which:
 * attract → home → group or search result → service → video → (back) … → done → end (rating) → attract;
 * and from a service: card key → reading → form (a failed read returns to the key screen with
 * the reason; the form's back goes to the service, never to a finished read).
 * A screen that throws while being built sends the kiosk back to the attract loop instead of
 * leaving a broken screen (or a dead window) in front of the resident.
 */
final class Flow {
    private static final Logger LOG = LoggerFactory.getLogger(Flow.class);
    private final KioskUi ui;
    private final Deque<Supplier<Screen>> history = new ArrayDeque<>();
    private Supplier<Screen> currentFactory;
    private Screen current;

    Flow(KioskUi ui) {
        this.ui = ui;
    }

    void attract() {
        history.clear();
        show(() -> new AttractScreen(ui), false);
    }

    void home() {
        history.clear();
        show(() -> new HomeScreen(ui), false);
    }

    void group(String groupId) {
        show(() -> new GroupScreen(ui, groupId), true);
    }

    void service(String serviceId) {
        if (show(() -> new ServiceScreen(ui, serviceId), true)) {
            ui.session().serviceViewed(serviceId);
        }
    }

    /** Scanning the resident's papers (its pages live for the visit, whichever screen is shown). */
    void scan() {
        show(() -> new ScanScreen(ui), true);
    }

    void video(String serviceId) {
        show(() -> new VideoScreen(ui, serviceId), true);
    }

    /** "Use my ID card": never ask again, so a card already read in this visit fills this form too. */
    void card(String serviceId) {
        if (ui.card().session().isPresent()) {
            show(() -> new CardFormScreen(ui, serviceId), true);
        } else {
            show(() -> new CardKeyScreen(ui, serviceId), true);
        }
    }

    /** Starts the read and shows its progress in place of the key screen. */
    void cardRead(String serviceId, AccessKey key) {
        ui.card().read(key, result -> cardResult(serviceId, result));
        show(() -> new CardReadScreen(ui), false);
    }

    private void cardResult(String serviceId, ReadResult result) {
        if (!(current instanceof CardReadScreen)) {
            // The resident left the progress screen: no screen jumps at them. A session read
            // stays for the visit (the next "use my card" goes straight to the form).
            return;
        }
        if (result instanceof ReadResult.Read) {
            show(() -> new CardFormScreen(ui, serviceId), false);
            return;
        }
        ui.card().notice(notice(result));
        show(() -> new CardKeyScreen(ui, serviceId), false);
    }

    private static CardVisit.Notice notice(ReadResult result) {
        if (result instanceof ReadResult.Cloned) {
            return CardVisit.Notice.CLONED; // outcome "tampered" too, but the resident is told what failed
        }
        switch (result.outcome()) {
            case WRONG_KEY:
                return CardVisit.Notice.WRONG_KEY;
            case REMOVED:
                return CardVisit.Notice.REMOVED;
            case TAMPERED:
                return CardVisit.Notice.TAMPERED;
            default:
                return CardVisit.Notice.UNSUPPORTED;
        }
    }

    /** The card left the reader (its data is already wiped): a form built from it leaves the screen. */
    void cardRemoved() {
        if (current instanceof CardFormScreen) {
            String serviceId = ((CardFormScreen) current).serviceId();
            ui.card().notice(CardVisit.Notice.REMOVED_FROM_FORM);
            show(() -> new CardKeyScreen(ui, serviceId), false);
        }
    }

    void end() {
        if (current instanceof EndScreen) {
            ui.session().end(vn.p06.kiosk.session.SessionManager.EndReason.DONE);
            return;
        }
        show(() -> new EndScreen(ui), true);
    }

    void back() {
        if (history.isEmpty()) {
            home();
        } else {
            Supplier<Screen> previous = history.pop();
            show(previous, false);
        }
    }

    /** Rebuilds the current screen: language, text size or catalog changed. */
    void refresh() {
        if (currentFactory != null) {
            show(currentFactory, false);
        }
    }

    Screen current() {
        return current;
    }

    /** Stops the current screen once (its media, its timers); it reports its last events here. */
    void disposeCurrent() {
        Screen s = current;
        current = null;
        if (s != null) {
            try {
                s.dispose();
            } catch (RuntimeException e) {
                LOG.warn("screen {} failed to stop cleanly", s.getClass().getSimpleName(), e);
            }
        }
    }

    /** @return false when the screen failed and the kiosk went back to the attract loop */
    private boolean show(Supplier<Screen> factory, boolean push) {
        Screen next;
        javafx.scene.Node view;
        try {
            next = factory.get();
            view = next.view();
        } catch (RuntimeException e) {
            ui.recover(e);
            return false;
        }
        disposeCurrent();
        // A progress screen is never returned to: its read is over by then.
        if (push && currentFactory != null && !(current instanceof CardReadScreen)) {
            history.push(currentFactory);
        }
        current = next;
        currentFactory = factory;
        ui.display(next, view);
        return true;
    }
}
