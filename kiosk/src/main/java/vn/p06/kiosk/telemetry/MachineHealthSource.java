package vn.p06.kiosk.telemetry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.protocol.Body;

/**
 * Health of the machine the agent runs on (a Raspberry Pi in the commune hall). Every reading is
 * best effort: a missing sensor or file gives null / 0 and a debug log, never an exception, because a
 * kiosk without a thermal zone (or a dev laptop) must still report the rest.
 */
public final class MachineHealthSource implements HealthSource {
    private static final Logger log = LoggerFactory.getLogger(MachineHealthSource.class);

    /** Thermal zone types that measure the SoC/CPU (Raspberry Pi, Intel, other ARM boards). */
    private static final Set<String> CPU_ZONE_TYPES = Set.of("cpu-thermal", "x86_pkg_temp", "soc_thermal");
    private static final String ZONE_PREFIX = "thermal_zone";

    /** Where the Linux pseudo-files are; tests point these into a temp dir. */
    record Roots(Path sys, Path proc, Path osRelease) {
        static final Roots LINUX = new Roots(Path.of("/sys"), Path.of("/proc"), Path.of("/etc/os-release"));
    }

    private final Roots roots;
    private final Path dataDir;
    private final List<PeripheralProbe> probes;
    private final String appVersion;
    private final com.sun.management.OperatingSystemMXBean os;
    private final String osVersion;

    /**
     * @param dataDir    the disk whose free space matters (content store, outbox)
     * @param probes     peripheral ports, reported under their names
     * @param appVersion the agent's version, as in the status message
     */
    public MachineHealthSource(Path dataDir, List<PeripheralProbe> probes, String appVersion) {
        this(Roots.LINUX, dataDir, probes, appVersion);
    }

    MachineHealthSource(Roots roots, Path dataDir, List<PeripheralProbe> probes, String appVersion) {
        this.roots = Objects.requireNonNull(roots, "roots");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.probes = List.copyOf(probes);
        if (this.probes.size() > Body.MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("at most " + Body.MAX_ATTRIBUTES + " peripheral probes");
        }
        this.appVersion = appVersion;
        // The com.sun extension has total/free physical memory; present on every HotSpot/OpenJDK.
        this.os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        this.osVersion = readOsVersion(); // does not change while running
    }

    @Override
    public Body.Health sample() {
        long diskTotal = 0;
        long diskFree = 0;
        try {
            FileStore store = Files.getFileStore(dataDir);
            diskTotal = store.getTotalSpace();
            // Usable, not unallocated: what our (non-root) process can still write.
            diskFree = store.getUsableSpace();
        } catch (IOException e) {
            log.debug("no file store for {}: {}", dataDir, e.toString());
        }
        return new Body.Health(cpuTemperature(), Math.max(0, os.getSystemLoadAverage()),
                os.getAvailableProcessors(),
                os.getTotalMemorySize(), memoryAvailable(),
                diskTotal, diskFree, uptimeSeconds(), ipAddresses(), osVersion,
                Runtime.version().toString(), appVersion, peripherals());
    }

    /** Degrees Celsius of the CPU zone if there is one, else of the first readable zone, else null. */
    Double cpuTemperature() {
        Path thermal = roots.sys().resolve("class/thermal");
        List<Path> zones;
        try (Stream<Path> list = Files.list(thermal)) {
            zones = list.filter(p -> p.getFileName().toString().startsWith(ZONE_PREFIX))
                    .sorted(Comparator.comparingInt(MachineHealthSource::zoneNumber))
                    .toList();
        } catch (IOException e) {
            log.debug("no thermal zones under {}: {}", thermal, e.toString());
            return null;
        }
        Double first = null;
        for (Path zone : zones) {
            Optional<Double> celsius = readFirstLine(zone.resolve("temp")).flatMap(MachineHealthSource::milliToCelsius);
            if (celsius.isEmpty()) {
                continue;
            }
            String type = readFirstLine(zone.resolve("type")).orElse("");
            if (CPU_ZONE_TYPES.contains(type)) {
                return celsius.get();
            }
            if (first == null) {
                first = celsius.get();
            }
        }
        return first;
    }

    /**
     * The kernel's MemAvailable: what can be allocated without swapping, page cache included.
     * "Free" memory would under-state it on a Pi that has been up for a while; the MXBean's free
     * figure is only the fallback where /proc/meminfo cannot be read.
     */
    long memoryAvailable() {
        try (Stream<String> lines = Files.lines(roots.proc().resolve("meminfo"))) {
            return lines.filter(line -> line.startsWith("MemAvailable:"))
                    .map(line -> line.replaceAll("[^0-9]", ""))
                    .flatMap(digits -> digits.isEmpty() ? Stream.empty() : Stream.of(Long.parseLong(digits) * 1024))
                    .findFirst()
                    .orElseGet(os::getFreeMemorySize);
        } catch (IOException | UncheckedIOException e) {
            return os.getFreeMemorySize();
        }
    }

    long uptimeSeconds() {
        // /proc/uptime: "<seconds since boot> <idle seconds>".
        return readFirstLine(roots.proc().resolve("uptime"))
                .map(line -> line.split("\\s+")[0])
                .flatMap(MachineHealthSource::parseDouble)
                .map(seconds -> (long) Math.max(0, seconds))
                .orElse(0L);
    }

    String readOsVersion() {
        try {
            for (String line : Files.readAllLines(roots.osRelease(), StandardCharsets.UTF_8)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return truncate(unquote(line.substring("PRETTY_NAME=".length())));
                }
            }
        } catch (IOException e) {
            log.debug("cannot read {}: {}", roots.osRelease(), e.toString());
        }
        return truncate(System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /**
     * Addresses of up, non-loopback interfaces, without link-local IPv6 (fe80::, useless to reach
     * the kiosk from elsewhere), at most the protocol's limit.
     */
    static List<String> ipAddresses() {
        List<String> result = new ArrayList<>();
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : nic.inetAddresses().toList()) {
                    if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()
                            && result.size() < Body.MAX_ATTRIBUTES) {
                        String text = address.getHostAddress();
                        int scope = text.indexOf('%');
                        result.add(scope < 0 ? text : text.substring(0, scope));
                    }
                }
            }
        } catch (SocketException e) {
            log.debug("cannot list network interfaces: {}", e.toString());
        }
        return result;
    }

    private Map<String, Body.Peripheral> peripherals() {
        Map<String, Body.Peripheral> result = new LinkedHashMap<>();
        for (PeripheralProbe probe : probes) {
            Body.Peripheral state;
            try {
                state = probe.probe();
            } catch (RuntimeException e) {
                log.warn("peripheral probe {} failed: {}", probe.name(), e.toString());
                state = new Body.Peripheral(false, "error", truncate(e.toString()));
            }
            result.put(probe.name(), state);
        }
        return result;
    }

    private static int zoneNumber(Path zone) {
        String suffix = zone.getFileName().toString().substring(ZONE_PREFIX.length());
        try {
            return Integer.parseInt(suffix);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static Optional<Double> milliToCelsius(String text) {
        // A zone can answer nonsense (-274000 on some boards when the sensor is off): drop what
        // the protocol would refuse rather than fail the whole sample.
        return parseDouble(text).map(milli -> milli / 1000.0).filter(c -> c >= -60 && c <= 200);
    }

    private static Optional<String> readFirstLine(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.findFirst().map(String::trim).filter(s -> !s.isEmpty());
        } catch (IOException | java.io.UncheckedIOException e) {
            // Reading a zone's temp can fail with EIO / ENODATA when the sensor is unavailable.
            return Optional.empty();
        }
    }

    private static Optional<Double> parseDouble(String text) {
        try {
            return Optional.of(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String unquote(String value) {
        String v = value.trim();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static String truncate(String text) {
        return text.length() <= Body.MAX_TEXT ? text : text.substring(0, Body.MAX_TEXT);
    }
}
