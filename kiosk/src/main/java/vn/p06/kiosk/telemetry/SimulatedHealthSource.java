package vn.p06.kiosk.telemetry;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import vn.p06.protocol.Body;

/**
 * A plausible Raspberry Pi 4 in a commune hall, for load tests and demos without hardware: load
 * follows office hours in Vietnam, the CPU temperature is a random walk (40-75 °C) pulled towards a
 * load-dependent level, the SD card slowly fills. Everything comes from one seeded {@link Random} and
 * the injected clock, so the same seed and the same clock readings give the same samples.
 */
public final class SimulatedHealthSource implements HealthSource {
    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final LocalTime OPENS = LocalTime.of(7, 30);
    private static final LocalTime CLOSES = LocalTime.of(17, 0);
    private static final LocalTime SATURDAY_CLOSES = LocalTime.of(11, 30);

    static final double MIN_TEMPERATURE = 40;
    static final double MAX_TEMPERATURE = 75;
    private static final int CPU_COUNT = 4;
    private static final long MEMORY_TOTAL = 4L * 1024 * 1024 * 1024;
    /** A 32 GB SD card as the OS sees it (vendors count in 10^9, and the boot partition is apart). */
    private static final long DISK_TOTAL = 29_700_000_000L;
    /** Logs, outbox and new content releases: about 120 MB a day. */
    private static final double DISK_FILL_PER_HOUR = 5_000_000;

    private final Random random;
    private final Clock clock;
    private final String appVersion;
    private final Instant start;
    private final Instant bootTime;
    private final long diskUsedAtStart;
    private final List<String> ipAddresses;
    private double temperature;

    /** @param seed one per kiosk (e.g. from its id), so each simulated kiosk behaves differently */
    public SimulatedHealthSource(long seed, Clock clock, String appVersion) {
        this.random = new Random(seed);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.appVersion = appVersion;
        this.start = clock.instant();
        this.bootTime = start.minus(Duration.ofMinutes(5 + random.nextInt(3 * 24 * 60)));
        this.diskUsedAtStart = 6_000_000_000L + (long) (random.nextDouble() * 4_000_000_000L);
        this.ipAddresses = List.of("10." + (1 + random.nextInt(250)) + "." + random.nextInt(256) + "."
                + (2 + random.nextInt(250)));
        this.temperature = 44 + random.nextDouble() * 4;
    }

    @Override
    public synchronized Body.Health sample() {
        Instant now = clock.instant();
        boolean busy = isOfficeHours(now.atZone(VIETNAM));
        // Citizens at the touch screen and video playing vs. an idle attract loop.
        double typical = busy ? 1.4 : 0.15;
        double load = Math.max(0, typical * (0.7 + 0.6 * random.nextDouble()) + 0.05 * random.nextGaussian());
        double target = 44 + 9 * load;
        temperature = clamp(temperature + 0.25 * (target - temperature) + 1.2 * random.nextGaussian(),
                MIN_TEMPERATURE, MAX_TEMPERATURE);
        long memoryUsed = (long) (1.1e9 + load * 0.35e9 + random.nextDouble() * 0.2e9);
        double hours = Math.max(0, Duration.between(start, now).toMillis() / 3_600_000.0);
        long diskUsed = Math.min(DISK_TOTAL, diskUsedAtStart + (long) (hours * DISK_FILL_PER_HOUR));
        return new Body.Health(Math.round(temperature * 10) / 10.0, round2(load), CPU_COUNT,
                MEMORY_TOTAL, MEMORY_TOTAL - memoryUsed, DISK_TOTAL, DISK_TOTAL - diskUsed,
                Math.max(0, Duration.between(bootTime, now).toSeconds()), ipAddresses,
                "Debian GNU/Linux 12 (bookworm) [simulated]", Runtime.version().toString(), appVersion, Map.of());
    }

    /** Commune halls open 7:30-17:00 Monday to Friday and Saturday morning (Vietnam time). */
    static boolean isOfficeHours(ZonedDateTime time) {
        LocalTime t = time.withZoneSameInstant(VIETNAM).toLocalTime();
        DayOfWeek day = time.withZoneSameInstant(VIETNAM).getDayOfWeek();
        return switch (day) {
            case SUNDAY -> false;
            case SATURDAY -> !t.isBefore(OPENS) && t.isBefore(SATURDAY_CLOSES);
            default -> !t.isBefore(OPENS) && t.isBefore(CLOSES);
        };
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
