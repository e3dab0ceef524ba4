package vn.p06.kiosk.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.protocol.Body;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;

class MachineHealthSourceTest {

    @TempDir
    Path root;
    private MachineHealthSource.Roots roots;

    @BeforeEach
    void fakeLinux() throws IOException {
        roots = new MachineHealthSource.Roots(root.resolve("sys"), root.resolve("proc"), root.resolve("os-release"));
        Files.createDirectories(roots.sys().resolve("class/thermal"));
        Files.createDirectories(roots.proc());
    }

    private void zone(int n, String type, String temp) throws IOException {
        Path zone = Files.createDirectories(roots.sys().resolve("class/thermal/thermal_zone" + n));
        Files.writeString(zone.resolve("type"), type + "\n");
        if (temp != null) {
            Files.writeString(zone.resolve("temp"), temp + "\n");
        }
    }

    private MachineHealthSource source(List<PeripheralProbe> probes) {
        return new MachineHealthSource(roots, root, probes, "1.2.3");
    }

    @Test
    void prefersTheCpuZoneOverAnEarlierOtherZone() throws IOException {
        zone(0, "acpitz", "30000");
        zone(1, "x86_pkg_temp", "51234");
        assertThat(source(List.of()).cpuTemperature()).isEqualTo(51.234);
    }

    @Test
    void raspberryPiZoneIsRecognised() throws IOException {
        zone(0, "cpu-thermal", "48850");
        assertThat(source(List.of()).cpuTemperature()).isEqualTo(48.85);
    }

    @Test
    void withoutACpuZoneTakesTheFirstReadableOneInNumericOrder() throws IOException {
        zone(10, "acpitz", "99000");
        zone(2, "pch_skylake", null);     // no temp file: unreadable
        zone(3, "iwlwifi_1", "garbage");  // unparsable
        zone(9, "acpitz", "41500");
        assertThat(source(List.of()).cpuTemperature()).isEqualTo(41.5);
    }

    @Test
    void noThermalZonesGiveNullAndTheSampleStillWorks() throws IOException {
        Files.delete(roots.sys().resolve("class/thermal"));
        Body.Health health = source(List.of()).sample();
        assertThat(health.cpuTemperatureC()).isNull();
        assertThat(health.uptimeSeconds()).isZero(); // no fake /proc/uptime either
    }

    @Test
    void aSensorReportingNonsenseIsIgnoredNotFatal() throws IOException {
        zone(0, "cpu-thermal", "-274000");
        assertThat(source(List.of()).cpuTemperature()).isNull();
    }

    @Test
    void uptimeAndOsVersionComeFromProcAndOsRelease() throws IOException {
        Files.writeString(roots.proc().resolve("uptime"), "12345.67 23456.78\n");
        Files.writeString(roots.osRelease(), """
                NAME="Debian GNU/Linux"
                PRETTY_NAME="Raspbian GNU/Linux 12 (bookworm)"
                VERSION_ID="12"
                """);
        Body.Health health = source(List.of()).sample();
        assertThat(health.uptimeSeconds()).isEqualTo(12345);
        assertThat(health.osVersion()).isEqualTo("Raspbian GNU/Linux 12 (bookworm)");
        assertThat(health.appVersion()).isEqualTo("1.2.3");
    }

    @Test
    void availableMemoryIsTheKernelsMemAvailableIncludingPageCache() throws IOException {
        Files.writeString(roots.proc().resolve("meminfo"), """
                MemTotal:        3884096 kB
                MemFree:          201132 kB
                MemAvailable:    2512344 kB
                """);

        assertThat(source(List.of()).sample().memoryAvailableBytes()).isEqualTo(2_512_344L * 1024);
    }

    @Test
    void peripheralsAreReportedByPortAndAFailingProbeBecomesError() {
        PeripheralProbe printer = probe("printer", () -> new Body.Peripheral(true, "paper-out", null));
        PeripheralProbe reader = probe("cardReader", () -> {
            throw new IllegalStateException("USB device gone");
        });
        Body.Health health = source(List.of(printer, reader)).sample();
        assertThat(health.peripherals()).containsEntry("printer", new Body.Peripheral(true, "paper-out", null));
        assertThat(health.peripherals().get("cardReader").state()).isEqualTo("error");
        assertThat(health.peripherals().get("cardReader").present()).isFalse();
    }

    @Test
    void smokeOnThisRealMachine() throws Exception {
        Body.Health health = new MachineHealthSource(root, List.of(), "dev").sample();
        assertThat(health.memoryTotalBytes()).isPositive();
        assertThat(health.memoryAvailableBytes()).isBetween(0L, health.memoryTotalBytes());
        assertThat(health.diskTotalBytes()).isPositive();
        assertThat(health.diskFreeBytes()).isBetween(0L, health.diskTotalBytes());
        assertThat(health.cpuCount()).isGreaterThanOrEqualTo(1);
        assertThat(health.loadAverage1m()).isGreaterThanOrEqualTo(0);
        assertThat(health.uptimeSeconds()).isPositive();
        assertThat(health.osVersion()).isNotBlank();
        assertThat(health.javaVersion()).startsWith(String.valueOf(Runtime.version().feature()));
        assertThat(health.ipAddresses()).allSatisfy(ip -> assertThat(ip).doesNotStartWith("127.").doesNotContain("%"));
        if (health.cpuTemperatureC() != null) {
            assertThat(health.cpuTemperatureC()).isBetween(-60.0, 200.0);
        }
        // What the machine reports must go through the protocol codec.
        Envelope envelope = Envelope.create("26734-001", 1, 1, health);
        assertThat(Codec.decode(envelope.topic(), Codec.encode(envelope)).body()).isEqualTo(health);
    }

    private static PeripheralProbe probe(String name, java.util.function.Supplier<Body.Peripheral> state) {
        return new PeripheralProbe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Body.Peripheral probe() {
                return state.get();
            }
        };
    }
}
