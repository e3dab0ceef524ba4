package vn.p06.kiosk.ticket;

import vn.p06.kiosk.print.PrintException;
import vn.p06.protocol.Body;

/**
 * Port: the thermal ticket printer at the kiosk. {@link EscPosPrinter} speaks ESC/POS over TCP
 * (port 9100) and reads the printer's status bytes; {@link SimulatedTicketPrinter} fails like one.
 */
public interface TicketPrinter {

    /** @throws PrintException paper out, cover open, offline, unreachable: nothing was printed */
    void print(Ticket ticket) throws PrintException;

    /** For health telemetry: ready, paper-out, door-open, offline, absent. */
    Body.Peripheral state();
}
