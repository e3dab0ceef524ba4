package vn.p06.kiosk.config;

import static vn.p06.protocol.config.RemoteConfig.CARD_READERS;
import static vn.p06.protocol.config.RemoteConfig.GPIO;
import static vn.p06.protocol.config.RemoteConfig.LANGUAGES;
import static vn.p06.protocol.config.RemoteConfig.MAX_COMMUNE;
import static vn.p06.protocol.config.RemoteConfig.MAX_HEALTH;
import static vn.p06.protocol.config.RemoteConfig.MAX_TIMEOUT;
import static vn.p06.protocol.config.RemoteConfig.MAX_WARNING;
import static vn.p06.protocol.config.RemoteConfig.MIN_HEALTH;
import static vn.p06.protocol.config.RemoteConfig.MIN_TIMEOUT;
import static vn.p06.protocol.config.RemoteConfig.MIN_WARNING;
import static vn.p06.protocol.config.RemoteConfig.PRINTERS;
import static vn.p06.protocol.config.RemoteConfig.SCANNERS;
import static vn.p06.protocol.config.RemoteConfig.SPEECH;
import static vn.p06.protocol.config.RemoteConfig.TICKET_PRINTERS;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One kiosk's settings, as read from {@code /etc/p06-kiosk/kiosk.conf} (TOML, one section per
 * record below, keys in kebab case: {@code [printer] queue = "kiosk-a4"}) with the fleet's overlay
 * on top. Every key has a default ({@link #defaults()}); docs/KIOSK-CONFIG.md lists them. The
 * remotely changeable keys share their rules with {@link vn.p06.protocol.config.RemoteConfig}.
 * Paths are text: an empty one means "not set".
 */
public record KioskConfig(@NotNull @Valid Kiosk kiosk, @NotNull @Valid Fleet fleet, @NotNull @Valid Telemetry telemetry,
                          @NotNull @Valid Session session, @NotNull @Valid Speech speech, @NotNull @Valid Card card,
                          @NotNull @Valid Printer printer, @NotNull @Valid Tickets tickets,
                          @NotNull @Valid Scanner scanner, @NotNull @Valid Gpio gpio, @NotNull @Valid Paths paths,
                          @NotNull @Valid Display display) {

    /** Who the kiosk serves. */
    public record Kiosk(@NotNull @Size(max = MAX_COMMUNE) String commune,
                        @NotNull @Pattern(regexp = LANGUAGES, message = "must be vi or en") String language) {
    }

    /** @param bundle the enrollment bundle; empty: no fleet (a demo, usage events only logged) */
    public record Fleet(@NotNull String bundle, @Min(5) @Max(3600) int keepaliveSeconds) {
    }

    public record Telemetry(@Min(MIN_HEALTH) @Max(MAX_HEALTH) int healthIntervalSeconds) {
    }

    /** Inactivity before a visit ends, and how long the "are you still there?" warning shows before that. */
    public record Session(@Min(MIN_TIMEOUT) @Max(MAX_TIMEOUT) int timeoutSeconds,
                          @Min(MIN_WARNING) @Max(MAX_WARNING) int warningSeconds) {
    }

    public record Speech(@NotNull @Pattern(regexp = SPEECH, message = "must be espeak or silent") String engine) {
    }

    /** @param csca CSCA certificates (file or directory) a PC/SC reader trusts */
    public record Card(@NotNull @Pattern(regexp = CARD_READERS, message = "must be none, simulated or pcsc") String reader,
                       @NotNull String csca, @Min(1) @Max(4096) int readBlockSize,
                       @NotNull @Pattern(regexp = CARD_FAULTS, message = "must be none, cloned, no-chip-proof, tampered, "
                               + "chain-unknown, removed-during-face or not-an-id-card") String simulatedFault) {
    }

    /** @param cups the CUPS server, http(s) or ipp(s) */
    public record Printer(@NotNull @Pattern(regexp = PRINTERS, message = "must be none, simulated or cups") String kind,
                          @NotBlank String queue,
                          @NotNull @Pattern(regexp = "(https?|ipps?)://\\S+", message = "must be an http(s) or ipp(s) URL")
                          String cups) {
    }

    /** @param address HOST:PORT of a network ESC/POS printer (raw TCP, usually port 9100) */
    public record Tickets(@NotNull @Pattern(regexp = TICKET_PRINTERS, message = "must be none, simulated or escpos") String kind,
                          @NotNull String address,
                          @NotNull @Pattern(regexp = "[A-Z]{1,2}", message = "must be one or two capital letters") String prefix) {
    }

    /**
     * @param device  the SANE device, e.g. {@code epson2:libusb:001:004}
     * @param usbDir  where a resident's USB stick is mounted; empty: no "save to USB"
     * @param scanDir where a visit's scanned pages live until it ends
     */
    public record Scanner(@NotNull @Pattern(regexp = SCANNERS, message = "must be none, simulated or sane") String kind,
                         @NotNull String device, @NotNull String usbDir, @NotBlank String scanDir) {
    }

    /** BCM pin numbers of the presence sensor, the call-staff button and the status light. */
    public record Gpio(@NotNull @Pattern(regexp = GPIO, message = "must be none or pi4j") String kind,
                       @Min(0) @Max(27) int presence, @Min(0) @Max(27) int callStaff, @Min(0) @Max(27) int green,
                       @Min(0) @Max(27) int amber, @Min(0) @Max(27) int red) {
    }

    /**
     * @param dataDir the outbox, content releases, the applied overlay; its disk is the one reported
     * @param media   tutorial and attract videos (besides the content releases); empty: none
     * @param catalog a catalog file to use instead of the bundled one; empty: the bundled one
     * @param fontDir Noto Sans for printed text
     */
    public record Paths(@NotBlank String dataDir, @NotNull String media, @NotNull String catalog,
                        @NotBlank String fontDir) {
    }

    /** For development: a 1280×800 window instead of full screen, and a mouse cursor. */
    public record Display(boolean windowed, boolean showCursor) {
    }

    /** How a simulated card's reads end, to show those screens in demos ({@code SimulatedCardReader.Fault}). */
    public static final String CARD_FAULTS = "none|cloned|no-chip-proof|tampered|chain-unknown|removed-during-face|not-an-id-card";

    public static KioskConfig defaults() {
        return new KioskConfig(new Kiosk("", "vi"), new Fleet("", 30), new Telemetry(30), new Session(90, 20),
                new Speech("espeak"), new Card("none", "", 223, "none"),
                new Printer("none", "kiosk-a4", "http://localhost:631"), new Tickets("none", "", "A"),
                new Scanner("none", "", "", Path.of(System.getProperty("java.io.tmpdir"), "kiosk-scans").toString()),
                new Gpio("none", 17, 27, 22, 23, 24), new Paths("/var/lib/p06-kiosk", "", "", "/usr/share/fonts/truetype/noto"),
                new Display(false, false));
    }

    /** The rules that join keys; one line per bad key, like the constraint messages. */
    List<String> crossFieldProblems() {
        List<String> problems = new ArrayList<>();
        if (session.warningSeconds >= session.timeoutSeconds) {
            problems.add("session.warning-seconds: must be less than session.timeout-seconds");
        }
        if (card.reader.equals("pcsc") && (card.csca.isBlank() || !Files.exists(Path.of(card.csca)))) {
            problems.add("card.csca: must name an existing file or directory of CSCA certificates when card.reader"
                    + " is pcsc, not \"" + card.csca + "\"");
        }
        if (tickets.kind.equals("escpos") && ticketAddress().isEmpty()) {
            problems.add("tickets.address: must be HOST:PORT when tickets.kind is escpos, not \"" + tickets.address + "\"");
        }
        if (scanner.kind.equals("sane") && (scanner.device.isBlank() || scanner.device.startsWith("-"))) {
            problems.add("scanner.device: must name a SANE device when scanner.kind is sane");
        }
        if (gpio.kind.equals("pi4j")
                && List.of(gpio.presence, gpio.callStaff, gpio.green, gpio.amber, gpio.red).stream().distinct().count() < 5) {
            problems.add("gpio: the five pins must be different");
        }
        if (printer.kind.equals("cups")) {
            try {
                URI.create(printer.cups);
            } catch (IllegalArgumentException e) {
                problems.add("printer.cups: not a URL: " + e.getMessage());
            }
        }
        return problems;
    }

    /** The ESC/POS printer's address; empty when {@code tickets.address} is not HOST:PORT. */
    public Optional<InetSocketAddress> ticketAddress() {
        String text = tickets.address;
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || !text.substring(colon + 1).matches("\\d{1,5}")) {
            return Optional.empty();
        }
        int port = Integer.parseInt(text.substring(colon + 1));
        if (port < 1 || port > 65535) {
            return Optional.empty();
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // [::1]:9100
        }
        return Optional.of(InetSocketAddress.createUnresolved(host, port));
    }

    public Duration healthInterval() {
        return Duration.ofSeconds(telemetry.healthIntervalSeconds);
    }

    public Duration keepAlive() {
        return Duration.ofSeconds(fleet.keepaliveSeconds);
    }

    public Path dataDir() {
        return Path.of(paths.dataDir);
    }

    /** The enrollment bundle; empty when the kiosk runs without a fleet. */
    public Optional<Path> bundle() {
        return optionalPath(fleet.bundle);
    }

    public Optional<Path> media() {
        return optionalPath(paths.media);
    }

    public Optional<Path> catalog() {
        return optionalPath(paths.catalog);
    }

    public Optional<Path> usbDir() {
        return optionalPath(scanner.usbDir);
    }

    public Optional<Path> csca() {
        return optionalPath(card.csca);
    }

    private static Optional<Path> optionalPath(String text) {
        return text.isBlank() ? Optional.empty() : Optional.of(Path.of(text));
    }
}
