package vn.p06.protocol;

/** A message refused at the boundary, with a reason that is counted and shown to operators. */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Closed set of refusal reasons; {@link #label()} is the metric label value. */
    public enum Reason {
        TOO_LARGE("too-large"),
        MALFORMED("malformed"),
        UNKNOWN_VERSION("unknown-version"),
        UNKNOWN_TYPE("unknown-type"),
        INVALID("invalid"),
        UNKNOWN_TOPIC("unknown-topic"),
        WRONG_CHANNEL("wrong-channel"),
        KIOSK_MISMATCH("kiosk-mismatch");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Reason reason;

    public ProtocolException(Reason reason, String message) {
        super(reason.label() + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
