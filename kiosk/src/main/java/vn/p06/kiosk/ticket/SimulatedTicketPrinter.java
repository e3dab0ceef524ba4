package vn.p06.kiosk.ticket;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import vn.p06.kiosk.print.PrintException;
import vn.p06.kiosk.print.PrinterFault;
import vn.p06.protocol.Body;

/** A ticket printer in memory that fails like one: paper out, cover open, offline, until fixed. */
public final class SimulatedTicketPrinter implements TicketPrinter {
    private final List<Ticket> printed = new CopyOnWriteArrayList<>();
    private volatile PrinterFault fault;

    @Override
    public void print(Ticket ticket) throws PrintException {
        PrinterFault f = fault;
        if (f != null) {
            throw new PrintException(f, "simulated ticket printer: " + f.stateName());
        }
        printed.add(ticket);
    }

    @Override
    public Body.Peripheral state() {
        PrinterFault f = fault;
        return f == null ? new Body.Peripheral(true, "ready", "simulated")
                : new Body.Peripheral(f != PrinterFault.ABSENT && f != PrinterFault.OFFLINE, f.stateName(), "simulated");
    }

    public void fail(PrinterFault fault) {
        this.fault = fault;
    }

    public void fix() {
        fault = null;
    }

    public List<Ticket> printed() {
        return List.copyOf(printed);
    }
}
