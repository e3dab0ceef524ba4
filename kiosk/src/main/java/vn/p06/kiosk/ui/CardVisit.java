package vn.p06.kiosk.ui;

import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.card.AccessKey;
import vn.p06.kiosk.card.CardReader;
import vn.p06.kiosk.card.CardSession;
import vn.p06.kiosk.card.ReadRequest;
import vn.p06.kiosk.card.ReadResult;
import vn.p06.kiosk.card.ReadStep;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * One visit's dealings with the card: the key being typed, the read under way, and the
 * {@link CardSession} once read. Everything here is the resident's personal data, so it lives only
 * for the visit and {@link #wipe()} (visit end, card removed) closes the session and clears the key.
 * <p>
 * The read runs here rather than in a screen: the screens are rebuilt on a language switch, and a
 * rebuild must not start a second read of the chip. Confined to the JavaFX thread, except the read
 * itself, which runs on one daemon thread because {@link CardReader#read} blocks for seconds.
 */
final class CardVisit {
    private static final Logger LOG = LoggerFactory.getLogger(CardVisit.class);

    /** What the card screen tells the resident after a read or a card event. */
    enum Notice { NONE, NO_CARD, WRONG_KEY, REMOVED, REMOVED_FROM_FORM, TAMPERED, CLONED, UNSUPPORTED, QR_INVALID }

    private final Optional<CardReader> reader;
    private final KeyEntry entry = new KeyEntry();
    private final BooleanProperty present = new SimpleBooleanProperty();
    private final ObjectProperty<ReadStep> step = new SimpleObjectProperty<>(ReadStep.CONNECTING);
    private final DoubleProperty fraction = new SimpleDoubleProperty();
    private ExecutorService thread;
    private CardSession session;
    private Notice notice = Notice.NONE;
    private boolean confirmed;
    /** Bumped by every read and every wipe: a result from an older read is dropped (and wiped). */
    private long generation;

    CardVisit(Optional<CardReader> reader) {
        this.reader = reader;
        reader.ifPresent(r -> present.set(r.isCardPresent()));
    }

    boolean available() {
        return reader.isPresent();
    }

    KeyEntry entry() {
        return entry;
    }

    /** The card lies on the reader (kept up to date from card events). */
    BooleanProperty present() {
        return present;
    }

    ReadStep step() {
        return step.get();
    }

    ObjectProperty<ReadStep> stepProperty() {
        return step;
    }

    /** 0..1 over the whole read; the face image is most of it. */
    DoubleProperty fraction() {
        return fraction;
    }

    Notice notice() {
        return notice;
    }

    void notice(Notice n) {
        notice = n;
    }

    /** The data read in this visit, until the visit ends or the card leaves. */
    Optional<CardSession> session() {
        return session == null || session.isWiped() ? Optional.empty() : Optional.of(session);
    }

    boolean confirmed() {
        return confirmed;
    }

    void confirmed(boolean c) {
        confirmed = c;
    }

    /**
     * Reads the card off the JavaFX thread; progress and the result come back on it. The result
     * is dropped (a session in it closed) when the visit was wiped meanwhile.
     */
    void read(AccessKey key, Consumer<ReadResult> onResult) {
        CardReader r = reader.orElseThrow(() -> new IllegalStateException("no card reader configured"));
        long mine = ++generation;
        notice = Notice.NONE;
        step.set(ReadStep.CONNECTING);
        fraction.set(0);
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "card-read");
                t.setDaemon(true);
                return t;
            });
        }
        thread.execute(() -> {
            ReadResult result;
            try {
                result = r.read(key, ReadRequest.FULL, (s, done, total) ->
                        Platform.runLater(() -> progress(mine, s, done, total)));
            } catch (RuntimeException e) {
                // The port promises a result for every card trouble; a bug in an adapter must
                // still end the wait on screen. Class name only: messages may quote card bytes.
                LOG.warn("card reader failed: {}", e.getClass().getSimpleName());
                result = new ReadResult.Unsupported("reader error", 0);
            }
            ReadResult done = result;
            Platform.runLater(() -> finished(mine, done, onResult));
        });
    }

    private void progress(long read, ReadStep s, int done, int total) {
        if (read != generation) {
            return;
        }
        step.set(s);
        fraction.set(Math.max(fraction.get(), overall(s, done, total)));
    }

    /** The bar's position: opening and the text files are quick, the face takes seconds, then the check. */
    static double overall(ReadStep s, int done, int total) {
        switch (s) {
            case CONNECTING:
                return 0.02;
            case ACCESS_CONTROL:
                return 0.08;
            case EF_COM:
            case EF_SOD:
            case DG1:
            case DG13:
            case DG14:
            case DG15:
            case CHIP_AUTHENTICATION:
                return 0.15 + 0.03 * (s.ordinal() - ReadStep.EF_COM.ordinal());
            case DG2:
                return 0.35 + 0.55 * (total > 0 ? Math.min(1.0, (double) done / total) : 0);
            case VERIFYING:
                return 0.92;
            case DONE:
            default:
                return 1.0;
        }
    }

    private void finished(long read, ReadResult result, Consumer<ReadResult> onResult) {
        if (read != generation) {
            if (result instanceof ReadResult.Read) {
                ((ReadResult.Read) result).session().close();
            }
            return;
        }
        if (result instanceof ReadResult.Read) {
            closeSession();
            session = ((ReadResult.Read) result).session();
            confirmed = false;
        }
        onResult.accept(result);
    }

    /** The card left: its data goes, the typed key stays (the same resident may lay it again). */
    void cardRemoved() {
        present.set(false);
        closeSession();
    }

    private void closeSession() {
        CardSession s = session;
        session = null;
        confirmed = false;
        if (s != null) {
            s.close();
        }
    }

    /** The visit ended: drop any read under way, close the session, forget what was typed. */
    void wipe() {
        generation++;
        closeSession();
        entry.wipe();
        notice = Notice.NONE;
        step.set(ReadStep.CONNECTING);
        fraction.set(0);
    }

    /** The app is stopping. */
    void stop() {
        wipe();
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
