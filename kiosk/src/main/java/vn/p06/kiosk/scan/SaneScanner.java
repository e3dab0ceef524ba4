package vn.p06.kiosk.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import vn.p06.protocol.Body;

/**
 * A SANE scanner through {@code scanimage} (sane-utils): one A4 page per call, grey, as PNG. Why a
 * process and not a Java binding: no maintained pure-Java SANE client exists short of running
 * saned, and scanimage is the reference frontend (55 ms per call with the test backend). Its exit
 * status and message are mapped to a {@link ScanFault}; a device in use answers {@code busy}.
 */
public final class SaneScanner implements Scanner {

    /**
     * @param device     SANE device name, e.g. {@code test:0}, {@code epson2:libusb:001:004}
     * @param configDir  a SANE_CONFIG_DIR to use instead of /etc/sane.d (tests: the test backend only)
     * @param resolution dots per inch
     * @param options    further backend options (the test backend's error injection, a source)
     * @param timeout    a page not scanned by then is a failure
     */
    public record Config(String device, Optional<Path> configDir, int resolution, List<String> options, Duration timeout) {
        public Config {
            if (device == null || device.isBlank() || device.startsWith("-")) {
                throw new IllegalArgumentException("not a SANE device name: " + device);
            }
            if (resolution < 75 || resolution > 600) {
                throw new IllegalArgumentException("resolution must be 75..600 dpi: " + resolution);
            }
            options = List.copyOf(options);
        }

        public static Config of(String device) {
            return new Config(device, Optional.empty(), 150, List.of(), Duration.ofMinutes(1));
        }
    }

    private final Config config;
    private final ReentrantLock busy = new ReentrantLock();

    public SaneScanner(Config config) {
        this.config = config;
    }

    @Override
    public void scan(Path target) throws ScanException {
        if (!busy.tryLock()) {
            throw new ScanException(ScanFault.BUSY, "a scan is already running");
        }
        try {
            List<String> command = new ArrayList<>(List.of("scanimage", "-d", config.device(), "--mode", "Gray",
                    "--resolution", Integer.toString(config.resolution()), "-x", "210", "-y", "297", "--format=png",
                    "-o", target.toString()));
            command.addAll(config.options());
            Result r = run(command);
            if (r.exit() != 0 || !Files.isRegularFile(target)) {
                Files.deleteIfExists(target);
                ScanFault fault = fault(r.exit(), r.output());
                throw new ScanException(fault, "scanner " + config.device() + ": " + fault.stateName() + " (" + r.output().strip() + ")");
            }
        } catch (IOException e) {
            throw new ScanException(ScanFault.FAILED, "scanimage could not run: " + e.getMessage(), e);
        } finally {
            busy.unlock();
        }
    }

    /** What scanimage's status and message mean (SANE_STATUS_* texts of sane_strstatus). */
    static ScanFault fault(int exit, String output) {
        String o = output.toLowerCase(Locale.ROOT);
        if (o.contains("jammed")) {
            return ScanFault.JAMMED;
        }
        if (o.contains("out of documents") || o.contains("no documents")) {
            return ScanFault.NO_DOCUMENT;
        }
        if (o.contains("cover") && o.contains("open")) {
            return ScanFault.COVER_OPEN;
        }
        if (o.contains("device busy")) {
            return ScanFault.BUSY;
        }
        if (o.contains("open of device") || o.contains("no sane devices") || o.contains("invalid argument")) {
            return ScanFault.ABSENT;
        }
        return ScanFault.FAILED;
    }

    @Override
    public Body.Peripheral state() {
        if (busy.isLocked()) {
            return new Body.Peripheral(true, "busy", config.device());
        }
        try {
            Result r = run(List.of("scanimage", "-L"));
            boolean listed = r.output().contains("`" + config.device() + "'");
            return listed ? new Body.Peripheral(true, "ready", config.device())
                    : new Body.Peripheral(false, ScanFault.ABSENT.stateName(), "SANE does not list " + config.device());
        } catch (IOException e) {
            return new Body.Peripheral(false, ScanFault.ABSENT.stateName(), "scanimage not available");
        }
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        config.configDir().ifPresent(dir -> pb.environment().put("SANE_CONFIG_DIR", dir.toString()));
        Process p = pb.start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + config.timeout());
            }
            return new Result(p.exitValue(), output.length() > 200 ? output.substring(0, 200) : output);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
