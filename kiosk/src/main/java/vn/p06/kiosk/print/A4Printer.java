package vn.p06.kiosk.print;

import vn.p06.protocol.Body;

/**
 * Port: the A4 printer (guides, checklists, prefilled forms). {@link CupsPrinter} sends to a CUPS
 * queue; {@link SimulatedA4Printer} fails like one (paper out, jam, offline).
 */
public interface A4Printer {

    /**
     * Prints and waits until the job is done. The document is wiped afterwards, printed or not.
     *
     * @throws PrintException the printer did not print it (paper out, jammed, offline, gone)
     */
    void print(PrintDocument document) throws PrintException;

    /** Presence and state for health telemetry: ready, printing, paper-out, jammed, offline, absent. */
    Body.Peripheral state();
}
