package vn.p06.kiosk.print;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import vn.p06.protocol.Body;

/**
 * An A4 printer in memory that fails like one: set a fault (paper out, jam, offline) and jobs are
 * refused with it and the health report shows it, until {@link #fix()}. Keeps the titles and
 * sizes of what it printed (never the bytes: a form holds personal data).
 */
public final class SimulatedA4Printer implements A4Printer {
    /** What was printed: title and size. */
    public record Printed(String title, int bytes) {
    }

    private final List<Printed> printed = new CopyOnWriteArrayList<>();
    private volatile PrinterFault fault;

    @Override
    public void print(PrintDocument document) throws PrintException {
        try {
            PrinterFault f = fault;
            if (f != null) {
                throw new PrintException(f, "simulated printer: " + f.stateName());
            }
            printed.add(new Printed(document.title(), document.size()));
        } finally {
            document.wipe();
        }
    }

    @Override
    public Body.Peripheral state() {
        PrinterFault f = fault;
        return f == null ? new Body.Peripheral(true, "ready", "simulated")
                : new Body.Peripheral(f != PrinterFault.ABSENT, f.stateName(), "simulated");
    }

    public void fail(PrinterFault fault) {
        this.fault = fault;
    }

    public void fix() {
        fault = null;
    }

    public List<Printed> printed() {
        return List.copyOf(printed);
    }
}
