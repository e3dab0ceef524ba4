package vn.p06.kiosk.card;

import java.util.function.Consumer;

/**
 * The card reader port: the real PC/SC + JMRTD adapter ({@link PcscCardReader}) or the
 * simulator ({@link SimulatedCardReader}). One read at a time; {@link #read} blocks, so the UI
 * calls it off its own thread. The reader wipes the session it handed out when the card leaves.
 */
public interface CardReader extends AutoCloseable {

    /** Card inserted/removed, called on the reader's own thread. */
    void onCardEvent(Consumer<CardEvent> listener);

    boolean isCardPresent();

    /**
     * Opens the chip with the key (PACE first, then BAC), reads, checks passive authentication and
     * reports the outcome (never card data) to usage telemetry. Never throws for card trouble;
     * every failure is a {@link ReadResult}.
     */
    ReadResult read(AccessKey key, ReadRequest request, ReadProgress progress);

    @Override
    void close();
}
