package vn.p06.kiosk.print;

/** The printer did not print the job; {@link #fault()} says why in the terms of the health report. */
public final class PrintException extends Exception {
    private final PrinterFault fault;

    public PrintException(PrinterFault fault, String message) {
        super(message);
        this.fault = fault;
    }

    public PrintException(PrinterFault fault, String message, Throwable cause) {
        super(message, cause);
        this.fault = fault;
    }

    public PrinterFault fault() {
        return fault;
    }
}
