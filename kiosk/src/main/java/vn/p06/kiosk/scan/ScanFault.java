package vn.p06.kiosk.scan;

import java.util.Locale;

/** Why a scan did not happen, in the terms of the health report and the screen's messages. */
public enum ScanFault {
    /** No scanner: unplugged, or its backend does not see it. */
    ABSENT,
    /** Paper stuck in the feeder. */
    JAMMED,
    /** The feeder is empty. */
    NO_DOCUMENT,
    COVER_OPEN,
    /** Another scan is running. */
    BUSY,
    FAILED;

    public String stateName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
