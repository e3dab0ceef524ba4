package vn.p06.kiosk.print;

import java.util.Locale;

/**
 * What stops a printer, as the health report names it ({@code Body.Peripheral#state}). The same
 * names serve the A4 printer and the thermal ticket printer.
 */
public enum PrinterFault {
    PAPER_OUT, JAMMED, DOOR_OPEN, OFFLINE, ABSENT, FAILED;

    /** The state name in health telemetry, e.g. {@code paper-out}. */
    public String stateName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
