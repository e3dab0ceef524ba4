package vn.p06.kiosk.ui;

import java.util.function.Supplier;
import vn.p06.kiosk.telemetry.PeripheralProbe;
import vn.p06.protocol.Body;

/** A device's own state report as a health-telemetry probe ({@code printer}, {@code ticketPrinter}, {@code scanner}). */
record DeviceProbe(String name, Supplier<Body.Peripheral> state) implements PeripheralProbe {
    @Override
    public Body.Peripheral probe() {
        return state.get();
    }
}
