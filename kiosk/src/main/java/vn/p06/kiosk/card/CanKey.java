package vn.p06.kiosk.card;

/**
 * The card access number printed on the card front; opens the chip only through PACE.
 *
 * @param can six digits
 */
public record CanKey(String can) implements AccessKey {
    public CanKey {
        if (can == null || !can.matches("[0-9]{6}")) {
            throw new IllegalArgumentException("a CAN is six digits");
        }
    }

    @Override
    public String toString() {
        return "CanKey[redacted]";
    }
}
