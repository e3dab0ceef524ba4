package vn.p06.kiosk.ui;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.gpio.KioskGpio;
import vn.p06.kiosk.gpio.Pi4jGpio;
import vn.p06.kiosk.print.A4Printer;
import vn.p06.kiosk.print.CupsPrinter;
import vn.p06.kiosk.print.PdfFonts;
import vn.p06.kiosk.print.SimulatedA4Printer;
import vn.p06.kiosk.scan.SaneScanner;
import vn.p06.kiosk.scan.ScannedDocument;
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
 * The app's peripherals as chosen on the command line: real adapter, simulator or none for each,
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

    static Peripherals from(Map<String, String> named, Clock clock, Executor work) throws IOException {
        PdfFonts fonts = named.containsKey("font-dir") ? PdfFonts.noto(Path.of(named.get("font-dir"))) : PdfFonts.noto();
        List<PeripheralProbe> probes = new ArrayList<>();
        List<Supplier<Body.Peripheral>> light = new ArrayList<>();

        Optional<A4Printer> a4 = a4(named, clock);
        if (a4.isPresent()) {
            fonts.checked();
            probes.add(new DeviceProbe("printer", a4.get()::state));
            light.add(a4.get()::state);
        }
        Optional<TicketPrinter> tickets = tickets(named, fonts);
        tickets.ifPresent(t -> {
            probes.add(new DeviceProbe("ticketPrinter", t::state));
            light.add(t::state);
        });
        Optional<Scanner> scanner = scanner(named);
        // Not in the light's inputs: asking SANE every few seconds could collide with a resident's scan.
        scanner.ifPresent(s -> probes.add(new DeviceProbe("scanner", s::state)));

        Path scanDir = named.containsKey("scan-dir") ? Path.of(named.get("scan-dir")) : ScannedDocument.DEFAULT_ROOT;
        Devices devices = new Devices(a4, tickets,
                new TicketNumbers(clock, ZoneId.of("Asia/Ho_Chi_Minh"), named.getOrDefault("ticket-prefix", "A")),
                scanner, scanDir, Optional.ofNullable(named.get("usb-dir")).map(Path::of), fonts, work);
        GuidePrinter guides = a4.map(p -> GuidePrinter.pdf(p, fonts)).orElseGet(GuidePrinter::logging);
        LOG.info("peripherals: printer {}, tickets {}, scanner {}, gpio {}", named.getOrDefault("printer", "none"),
                named.getOrDefault("tickets", "none"), named.getOrDefault("scanner", "none"), named.getOrDefault("gpio", "none"));
        return new Peripherals(guides, devices, gpio(named), List.copyOf(probes), List.copyOf(light));
    }

    private static Optional<A4Printer> a4(Map<String, String> named, Clock clock) {
        String kind = named.getOrDefault("printer", "none");
        switch (kind) {
            case "none":
                return Optional.empty();
            case "simulated":
                return Optional.of(new SimulatedA4Printer());
            case "cups": {
                CupsPrinter.Config local = CupsPrinter.Config.local(named.getOrDefault("printer-queue", "kiosk-a4"));
                URI server = URI.create(named.getOrDefault("cups", local.server().toString()));
                return Optional.of(new CupsPrinter(new CupsPrinter.Config(server, local.queue(), local.user(),
                        local.poll(), local.jobTimeout()), clock));
            }
            default:
                throw new IllegalArgumentException("--printer must be none, simulated or cups, not " + kind);
        }
    }

    private static Optional<TicketPrinter> tickets(Map<String, String> named, PdfFonts fonts) throws IOException {
        String kind = named.getOrDefault("tickets", "none");
        if (kind.equals("none")) {
            return Optional.empty();
        }
        if (kind.equals("simulated")) {
            return Optional.of(new SimulatedTicketPrinter());
        }
        int colon = kind.lastIndexOf(':');
        if (colon <= 0 || !kind.substring(colon + 1).matches("\\d{1,5}")) {
            throw new IllegalArgumentException("--tickets must be none, simulated or HOST:PORT, not " + kind);
        }
        fonts.checked();
        return Optional.of(new EscPosPrinter(new InetSocketAddress(kind.substring(0, colon),
                Integer.parseInt(kind.substring(colon + 1))), Duration.ofSeconds(5),
                new TicketRenderer(fonts.regular(), fonts.bold(), TicketRenderer.WIDTH_80MM)));
    }

    private static Optional<Scanner> scanner(Map<String, String> named) {
        String kind = named.getOrDefault("scanner", "none");
        switch (kind) {
            case "none":
                return Optional.empty();
            case "simulated":
                return Optional.of(new SimulatedScanner());
            default:
                return Optional.of(new SaneScanner(SaneScanner.Config.of(kind)));
        }
    }

    private static KioskGpio gpio(Map<String, String> named) {
        String kind = named.getOrDefault("gpio", "none");
        switch (kind) {
            case "none":
                return KioskGpio.none();
            case "pi4j": {
                Pi4jGpio.Pins pins = Pi4jGpio.Pins.defaults();
                if (named.containsKey("gpio-pins")) {
                    int[] p = Arrays.stream(named.get("gpio-pins").split(",")).map(String::trim)
                            .mapToInt(Integer::parseInt).toArray();
                    if (p.length != 5) {
                        throw new IllegalArgumentException("--gpio-pins needs 5 BCM numbers: presence,button,green,amber,red");
                    }
                    pins = new Pi4jGpio.Pins(p[0], p[1], p[2], p[3], p[4]);
                }
                return Pi4jGpio.onThePi(pins);
            }
            default:
                throw new IllegalArgumentException("--gpio must be none or pi4j, not " + kind);
        }
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
