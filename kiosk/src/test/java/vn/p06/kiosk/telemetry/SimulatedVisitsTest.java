package vn.p06.kiosk.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;
import vn.p06.testsupport.MutableClock;

class SimulatedVisitsTest {
    private static final Instant MONDAY_MIDNIGHT_VIETNAM = Instant.parse("2026-11-15T17:00:00Z");

    private record Event(String kind, Map<String, String> attributes) {
    }

    private static List<Event> simulateAWeek(long seed, boolean alwaysOpen) {
        List<Event> events = new ArrayList<>();
        MutableClock clock = new MutableClock(MONDAY_MIDNIGHT_VIETNAM);
        SimulatedVisits visits = new SimulatedVisits((kind, attributes) -> events.add(new Event(kind, attributes)),
                clock, seed, List.of("birth-registration", "residence-temporary"), 6, alwaysOpen);
        for (int minute = 0; minute < 7 * 24 * 60; minute++) {
            visits.tick();
            clock.advance(Duration.ofMinutes(1));
        }
        return events;
    }

    @Test
    void visitsHappenInOfficeHoursAtAboutTheRateAndAreValidUsageEvents() {
        List<Event> events = simulateAWeek(7, false);

        long visits = events.stream().filter(e -> e.kind().equals("session.start")).count();
        // ~50 open hours a week (Mon–Fri 7:30–17:00, Sat morning) × 6 visits an hour
        assertThat(visits).isBetween(200L, 400L);
        assertThat(events.stream().filter(e -> e.kind().equals("session.end")).count()).isEqualTo(visits);
        events.forEach(e -> new Body.UsageEvent(Envelope.newId(), 1, 1, e.kind(), e.attributes()));
    }

    @Test
    void aDemoCanHaveVisitorsAtNightAndASeedRepeatsItself() {
        assertThat(simulateAWeek(7, true).size()).isGreaterThan(simulateAWeek(7, false).size());
        assertThat(simulateAWeek(9, false)).isEqualTo(simulateAWeek(9, false));
    }
}
