package vn.p06.kiosk.ui;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.config.KioskConfig;
import vn.p06.kiosk.gpio.KioskGpio;
import vn.p06.kiosk.gpio.Pi4jGpio;
import vn.p06.kiosk.print.A4Printer;
import vn.p06.kiosk.print.CupsPrinter;
import vn.p06.kiosk.print.PdfFonts;
import vn.p06.kiosk.print.SimulatedA4Printer;
import vn.p06.kiosk.scan.SaneScanner;
import vn.p06.kiosk.scan.Scanner;
import vn.p06.kiosk.scan.SimulatedScanner;
import vn.p06.kiosk.telemetry.PeripheralProbe;
import vn.p06.kiosk.ticket.EscPosPrinter;
import vn.p06.kiosk.ticket.SimulatedTicketPrinter;
import vn.p06.kiosk.ticket.TicketNumbers;
import vn.p06.kiosk.ticket.TicketPrinter;
import vn.p06.kiosk.ticket.TicketRenderer;
import vn.p06.protocol.Body;

/**
 * The app's peripherals as chosen in the settings (KioskConfig): real adapter, simulator or none for each,
 * and from them the UI's ports, the health probes and the status light's inputs (wiring only).
 */
final class Peripherals {
    private static final Logger LOG = LoggerFactory.getLogger(Peripherals.class);

    private final GuidePrinter guides;
    private final Devices devices;
    private final KioskGpio gpio;
    private final List<PeripheralProbe> probes;
    private final List<Supplier<Body.Peripheral>> light;

    private Peripherals(GuidePrinter guides, Devices devices, KioskGpio gpio, List<PeripheralProbe> probes,
                        List<Supplier<Body.Peripheral>> light) {
        this.guides = guides;
        this.devices = devices;
        this.gpio = gpio;
        this.probes = probes;
        this.light = light;
    }

    static Peripherals from(KioskConfig config, Clock clock, Executor work) throws IOException {
        PdfFonts fonts = PdfFonts.noto(Path.of(config.paths().fontDir()));
        List<PeripheralProbe> probes = new ArrayList<>();
        List<Supplier<Body.Peripheral>> light = new ArrayList<>();

        Optional<A4Printer> a4 = a4(config.printer(), clock);
        if (a4.isPresent()) {
            fonts.checked();
            probes.add(new DeviceProbe("printer", a4.get()::state));
            light.add(a4.get()::state);
        }
        Optional<TicketPrinter> tickets = tickets(config, fonts);
        tickets.ifPresent(t -> {
            probes.add(new DeviceProbe("ticketPrinter", t::state));
            light.add(t::state);
        });
        Optional<Scanner> scanner = scanner(config.scanner());
        // Not in the light's inputs: asking SANE every few seconds could collide with a resident's scan.
        scanner.ifPresent(s -> probes.add(new DeviceProbe("scanner", s::state)));

        Devices devices = new Devices(a4, tickets,
                new TicketNumbers(clock, ZoneId.of("Asia/Ho_Chi_Minh"), config.tickets().prefix()),
                scanner, Path.of(config.scanner().scanDir()), config.usbDir(), fonts, work);
        GuidePrinter guides = a4.map(p -> GuidePrinter.pdf(p, fonts)).orElseGet(GuidePrinter::logging);
        LOG.info("peripherals: printer {}, tickets {}, scanner {}, gpio {}", config.printer().kind(),
                config.tickets().kind(), config.scanner().kind(), config.gpio().kind());
        return new Peripherals(guides, devices, gpio(config.gpio()), List.copyOf(probes), List.copyOf(light));
    }

    // The kinds are checked by KioskConfig; a kind it does not know would be a bug here, not bad input.
    private static Optional<A4Printer> a4(KioskConfig.Printer printer, Clock clock) {
        return switch (printer.kind()) {
            case "none" -> Optional.empty();
            case "simulated" -> Optional.of(new SimulatedA4Printer());
            case "cups" -> {
                CupsPrinter.Config local = CupsPrinter.Config.local(printer.queue());
                yield Optional.of(new CupsPrinter(new CupsPrinter.Config(URI.create(printer.cups()), local.queue(),
                        local.user(), local.poll(), local.jobTimeout()), clock));
            }
            default -> throw new IllegalStateException("printer.kind " + printer.kind());
        };
    }

    private static Optional<TicketPrinter> tickets(KioskConfig config, PdfFonts fonts) throws IOException {
        switch (config.tickets().kind()) {
            case "none":
                return Optional.empty();
            case "simulated":
                return Optional.of(new SimulatedTicketPrinter());
            case "escpos": {
                fonts.checked();
                InetSocketAddress address = config.ticketAddress().orElseThrow();
                return Optional.of(new EscPosPrinter(new InetSocketAddress(address.getHostString(), address.getPort()),
                        Duration.ofSeconds(5), new TicketRenderer(fonts.regular(), fonts.bold(), TicketRenderer.WIDTH_80MM)));
            }
            default:
                throw new IllegalStateException("tickets.kind " + config.tickets().kind());
        }
    }

    private static Optional<Scanner> scanner(KioskConfig.Scanner scanner) {
        return switch (scanner.kind()) {
            case "none" -> Optional.empty();
            case "simulated" -> Optional.of(new SimulatedScanner());
            case "sane" -> Optional.of(new SaneScanner(SaneScanner.Config.of(scanner.device())));
            default -> throw new IllegalStateException("scanner.kind " + scanner.kind());
        };
    }

    private static KioskGpio gpio(KioskConfig.Gpio gpio) {
        return switch (gpio.kind()) {
            case "none" -> KioskGpio.none();
            case "pi4j" -> Pi4jGpio.onThePi(new Pi4jGpio.Pins(gpio.presence(), gpio.callStaff(), gpio.green(),
                    gpio.amber(), gpio.red()));
            default -> throw new IllegalStateException("gpio.kind " + gpio.kind());
        };
    }

    GuidePrinter guides() {
        return guides;
    }

    Devices devices() {
        return devices;
    }

    KioskGpio gpio() {
        return gpio;
    }

    List<PeripheralProbe> probes() {
        return probes;
    }

    /** The states that turn the status light red. */
    List<Body.Peripheral> lightStates() {
        List<Body.Peripheral> states = new ArrayList<>();
        for (Supplier<Body.Peripheral> s : light) {
            states.add(s.get());
        }
        return states;
    }
}
