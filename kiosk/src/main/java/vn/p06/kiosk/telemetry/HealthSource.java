package vn.p06.kiosk.telemetry;

import vn.p06.protocol.Body;

/** Port: where a health sample comes from (the real machine, or a simulated kiosk). */
@FunctionalInterface
public interface HealthSource {

    /** Takes one sample now. Must not throw for a missing sensor: report what is known. */
    Body.Health sample();
}
