package vn.p06.kiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import vn.p06.kiosk.config.ConfigFile;
import org.junit.jupiter.api.Test;
import vn.p06.kiosk.print.SimulatedA4Printer;
import vn.p06.kiosk.telemetry.PeripheralProbe;
import vn.p06.protocol.Body;

/** KioskApp's peripheral settings: what each selects; a bad setting is KioskConfig's to refuse (ConfigFileTest). */
class PeripheralsTest {

    private static Peripherals from(Map<String, String> keys) throws Exception {
        return Peripherals.from(ConfigFile.read(Optional.empty(), keys).config(), Clock.systemUTC(), Runnable::run);
    }

    @Test
    void noOptionsMeansNoDevicesAndNoProbes() throws Exception {
        Peripherals p = from(Map.of());
        assertThat(p.probes()).isEmpty();
        assertThat(p.devices().tickets()).isEmpty();
        assertThat(p.devices().scanner()).isEmpty();
        assertThat(p.devices().forms()).isEmpty();
        assertThat(p.lightStates()).isEmpty();
    }

    @Test
    void simulatedDevicesReportInHealthUnderTheirPortNames() throws Exception {
        Peripherals p = from(Map.of("printer.kind", "simulated", "tickets.kind", "simulated",
                "scanner.kind", "simulated", "scanner.usb-dir", "/media/usb"));
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
    void whatOnlyTheDeviceCanTellIsRefusedWhenTheDeviceIsMade() {
        assertThatThrownBy(() -> from(Map.of("printer.kind", "cups", "printer.queue", "a b")))
                .hasMessageContaining("a b");
        assertThatThrownBy(() -> from(Map.of("printer.kind", "simulated", "paths.font-dir", "/nonexistent")))
                .hasMessageContaining("/nonexistent/NotoSans-Regular.ttf");
    }
}
