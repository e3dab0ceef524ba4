package vn.p06.kiosk.telemetry;

import vn.p06.protocol.Body;

/**
 * Port: the state of one peripheral (card reader, printer, scanner). Each probe becomes one entry
 * of {@link Body.Health#peripherals()}, so adding a device is one more probe in the wiring.
 */
public interface PeripheralProbe {

    /** The port name in the health report, e.g. {@code cardReader}. */
    String name();

    /** Current state. May throw: the health source then reports the port as {@code error}. */
    Body.Peripheral probe();
}
