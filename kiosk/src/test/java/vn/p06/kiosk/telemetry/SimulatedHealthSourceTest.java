package vn.p06.kiosk.telemetry;

import vn.p06.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.p06.protocol.Body;

class SimulatedHealthSourceTest {

    /** Monday 2025-03-03 00:00 in Hanoi. */
    private static final Instant MONDAY_MIDNIGHT =
            ZonedDateTime.of(2025, 3, 3, 0, 0, 0, 0, SimulatedHealthSource.VIETNAM).toInstant();

    private static List<Body.Health> week(long seed, Duration step) {
        MutableClock clock = new MutableClock(MONDAY_MIDNIGHT);
        SimulatedHealthSource source = new SimulatedHealthSource(seed, clock, "sim");
        List<Body.Health> samples = new ArrayList<>();
        for (Instant t = MONDAY_MIDNIGHT; t.isBefore(MONDAY_MIDNIGHT.plus(Duration.ofDays(7))); t = t.plus(step)) {
            clock.set(t);
            samples.add(source.sample());
        }
        return samples;
    }

    @Test
    void sameSeedAndClockGiveTheSameSamples() {
        assertThat(week(26734001, Duration.ofMinutes(30))).isEqualTo(week(26734001, Duration.ofMinutes(30)));
        assertThat(week(26734001, Duration.ofMinutes(30))).isNotEqualTo(week(26734002, Duration.ofMinutes(30)));
    }

    @Test
    void loadFollowsOfficeHoursInVietnamAndTemperatureFollowsLoad() {
        Duration step = Duration.ofMinutes(10);
        List<Body.Health> samples = week(99, step);
        double busyLoad = 0;
        double idleLoad = 0;
        double busyTemp = 0;
        double idleTemp = 0;
        int busy = 0;
        int idle = 0;
        for (int i = 0; i < samples.size(); i++) {
            ZonedDateTime t = MONDAY_MIDNIGHT.plus(step.multipliedBy(i)).atZone(SimulatedHealthSource.VIETNAM);
            Body.Health h = samples.get(i);
            if (SimulatedHealthSource.isOfficeHours(t)) {
                busy++;
                busyLoad += h.loadAverage1m();
                busyTemp += h.cpuTemperatureC();
            } else {
                idle++;
                idleLoad += h.loadAverage1m();
                idleTemp += h.cpuTemperatureC();
            }
        }
        assertThat(busyLoad / busy).isGreaterThan(4 * (idleLoad / idle));
        assertThat(busyTemp / busy).isGreaterThan(idleTemp / idle + 5);
    }

    @Test
    void officeHoursAreWeekdaysHalfPastSevenToFiveAndSaturdayMorning() {
        assertThat(SimulatedHealthSource.isOfficeHours(hanoi(3, 7, 29))).isFalse(); // Monday
        assertThat(SimulatedHealthSource.isOfficeHours(hanoi(3, 7, 30))).isTrue();
        assertThat(SimulatedHealthSource.isOfficeHours(hanoi(7, 16, 59))).isTrue(); // Friday
        assertThat(SimulatedHealthSource.isOfficeHours(hanoi(7, 17, 0))).isFalse();
        assertThat(SimulatedHealthSource.isOfficeHours(hanoi(8, 10, 0))).isTrue();  // Saturday
        assertThat(SimulatedHealthSource.isOfficeHours(hanoi(8, 14, 0))).isFalse();
        assertThat(SimulatedHealthSource.isOfficeHours(hanoi(9, 10, 0))).isFalse(); // Sunday
        // 01:00 UTC is 08:00 in Hanoi: the zone, not the JVM default, decides.
        assertThat(SimulatedHealthSource.isOfficeHours(
                ZonedDateTime.of(2025, 3, 4, 1, 0, 0, 0, java.time.ZoneOffset.UTC))).isTrue();
    }

    @Test
    void valuesStayRealisticAndTheDiskFills() {
        List<Body.Health> samples = week(5, Duration.ofMinutes(15));
        assertThat(samples).allSatisfy(h -> {
            assertThat(h.cpuTemperatureC()).isBetween(SimulatedHealthSource.MIN_TEMPERATURE,
                    SimulatedHealthSource.MAX_TEMPERATURE);
            assertThat(h.memoryAvailableBytes()).isBetween(0L, h.memoryTotalBytes());
            assertThat(h.diskFreeBytes()).isBetween(0L, h.diskTotalBytes());
        });
        Body.Health first = samples.get(0);
        Body.Health last = samples.get(samples.size() - 1);
        assertThat(last.diskFreeBytes()).isLessThan(first.diskFreeBytes());
        assertThat(last.uptimeSeconds() - first.uptimeSeconds()).isEqualTo(Duration.ofDays(7).minusMinutes(15).toSeconds());
        // The temperature wanders: not a constant.
        assertThat(samples.stream().map(Body.Health::cpuTemperatureC).distinct().count()).isGreaterThan(50);
    }

    private static ZonedDateTime hanoi(int dayOfMarch2025, int hour, int minute) {
        return ZonedDateTime.of(2025, 3, dayOfMarch2025, hour, minute, 0, 0, SimulatedHealthSource.VIETNAM);
    }
}
