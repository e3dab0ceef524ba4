package vn.p06.kiosk.card;

/**
 * A form value taken from the card; the UI shows it with a "from your card" mark and asks the
 * resident to confirm. {@code verified} is false when the signer chain was unknown (the data is
 * intact but its issuer is not in the trust store); the UI may say so.
 */
public record PrefilledValue(String value, boolean fromCard, boolean verified) {
    @Override
    public String toString() {
        return "PrefilledValue[redacted, fromCard=" + fromCard + ", verified=" + verified + "]";
    }
}
