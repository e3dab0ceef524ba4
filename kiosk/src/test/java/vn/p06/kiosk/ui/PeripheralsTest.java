package vn.p06.kiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.p06.kiosk.print.SimulatedA4Printer;
import vn.p06.kiosk.telemetry.PeripheralProbe;
import vn.p06.protocol.Body;

/** KioskApp's peripheral options: what each selects, and a clear refusal of what it does not know. */
class PeripheralsTest {

    @Test
    void noOptionsMeansNoDevicesAndNoProbes() throws Exception {
        Peripherals p = Peripherals.from(Map.of(), Clock.systemUTC(), Runnable::run);
        assertThat(p.probes()).isEmpty();
        assertThat(p.devices().tickets()).isEmpty();
        assertThat(p.devices().scanner()).isEmpty();
        assertThat(p.devices().forms()).isEmpty();
        assertThat(p.lightStates()).isEmpty();
    }

    @Test
    void simulatedDevicesReportInHealthUnderTheirPortNames() throws Exception {
        Peripherals p = Peripherals.from(Map.of("printer", "simulated", "tickets", "simulated", "scanner", "simulated",
                "usb-dir", "/media/usb"), Clock.systemUTC(), Runnable::run);
        assertThat(p.probes()).extracting(PeripheralProbe::name).containsExactly("printer", "ticketPrinter", "scanner");
        assertThat(p.probes()).allSatisfy(probe -> assertThat(probe.probe()).isEqualTo(new Body.Peripheral(true, "ready", "simulated")));
        ((SimulatedA4Printer) p.devices().forms().orElseThrow()).fail(vn.p06.kiosk.print.PrinterFault.PAPER_OUT);
        assertThat(p.probes().get(0).probe().state()).isEqualTo("paper-out");
        assertThat(p.lightStates()).extracting(Body.Peripheral::state).containsExactly("paper-out", "ready");
        ((SimulatedA4Printer) p.devices().forms().orElseThrow()).fix();
        assertThat(p.lightStates()).extracting(Body.Peripheral::state).containsExactly("ready", "ready");
        assertThat(p.devices().usbDir()).hasValue(java.nio.file.Path.of("/media/usb"));
    }

    @Test
    void unknownValuesAreRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> Peripherals.from(Map.of("printer", "lp0"), Clock.systemUTC(), Runnable::run))
                .hasMessage("--printer must be none, simulated or cups, not lp0");
        assertThatThrownBy(() -> Peripherals.from(Map.of("tickets", "printer-at-desk"), Clock.systemUTC(), Runnable::run))
                .hasMessage("--tickets must be none, simulated or HOST:PORT, not printer-at-desk");
        assertThatThrownBy(() -> Peripherals.from(Map.of("gpio", "mock"), Clock.systemUTC(), Runnable::run))
                .hasMessage("--gpio must be none or pi4j, not mock");
        assertThatThrownBy(() -> Peripherals.from(Map.of("printer", "cups", "printer-queue", "a b"), Clock.systemUTC(), Runnable::run))
                .hasMessageContaining("a b");
        assertThatThrownBy(() -> Peripherals.from(Map.of("printer", "simulated", "font-dir", "/nonexistent"),
                Clock.systemUTC(), Runnable::run)).hasMessageContaining("/nonexistent/NotoSans-Regular.ttf");
    }
}
