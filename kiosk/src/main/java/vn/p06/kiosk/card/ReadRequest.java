package vn.p06.kiosk.card;

/**
 * What to read. The face (DG2) is the slow part of a read (seconds on a real NFC chip), so a form
 * that only needs text can leave it out.
 */
public record ReadRequest(boolean face) {
    public static final ReadRequest FULL = new ReadRequest(true);
    public static final ReadRequest TEXT_ONLY = new ReadRequest(false);
}
