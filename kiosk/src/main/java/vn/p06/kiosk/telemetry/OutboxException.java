package vn.p06.kiosk.telemetry;

/** The outbox could not write (disk full, file gone); the reason is short and shown to IT staff. */
public final class OutboxException extends Exception {
    private static final long serialVersionUID = 1L;

    OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
