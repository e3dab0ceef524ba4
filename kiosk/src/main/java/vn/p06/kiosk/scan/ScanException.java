package vn.p06.kiosk.scan;

/** A page was not scanned; {@link #fault()} says why. */
public final class ScanException extends Exception {
    private final ScanFault fault;

    public ScanException(ScanFault fault, String message) {
        super(message);
        this.fault = fault;
    }

    public ScanException(ScanFault fault, String message, Throwable cause) {
        super(message, cause);
        this.fault = fault;
    }

    public ScanFault fault() {
        return fault;
    }
}
