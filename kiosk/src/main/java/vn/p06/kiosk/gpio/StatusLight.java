package vn.p06.kiosk.gpio;

import java.util.Collection;
import java.util.Set;
import vn.p06.protocol.Body;

/** What the status LED on the kiosk's front says to the hall and to IT staff walking by. */
public enum StatusLight {
    /** Green: free, every device fine. */
    READY,
    /** Amber: a resident is using it. */
    BUSY,
    /** Red: a device needs staff (paper out, jam, gone). Wins over busy. */
    FAULT;

    private static final Set<String> FINE = Set.of("ready", "printing", "busy");

    /** The light for this moment: any device not fine → fault; else a visit → busy; else ready. */
    public static StatusLight of(boolean visit, Collection<Body.Peripheral> devices) {
        if (devices.stream().anyMatch(d -> !FINE.contains(d.state()))) {
            return FAULT;
        }
        return visit ? BUSY : READY;
    }
}
