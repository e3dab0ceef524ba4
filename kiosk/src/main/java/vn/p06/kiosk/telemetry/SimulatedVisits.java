package vn.p06.kiosk.telemetry;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Residents visiting a simulated kiosk: during office hours (Vietnam time) a visit starts with the
 * configured hourly rate; a visit views one to three services, sometimes searches, often watches a
 * tutorial part-way, sometimes rates, then ends. Everything goes through the {@link UsageRecorder}
 * like the real UI's events, so a demo or a load test exercises the same outbox and ingest.
 * Deterministic for a seed; one call to {@link #tick} simulates one minute.
 */
public final class SimulatedVisits {
    private final UsageRecorder usage;
    private final Clock clock;
    private final Random random;
    private final List<String> serviceIds;
    private final double visitsPerHour;
    private final boolean alwaysOpen;

    /**
     * @param alwaysOpen visits at any hour (a demo run in the evening still shows traffic)
     */
    public SimulatedVisits(UsageRecorder usage, Clock clock, long seed, List<String> serviceIds, double visitsPerHour,
                           boolean alwaysOpen) {
        if (serviceIds.isEmpty()) {
            throw new IllegalArgumentException("no services to visit");
        }
        this.usage = usage;
        this.clock = clock;
        this.random = new Random(seed);
        this.serviceIds = List.copyOf(serviceIds);
        this.visitsPerHour = visitsPerHour;
        this.alwaysOpen = alwaysOpen;
    }

    /** One simulated minute: maybe one visit. */
    public void tick() {
        ZonedDateTime now = clock.instant().atZone(SimulatedHealthSource.VIETNAM);
        if (!alwaysOpen && !SimulatedHealthSource.isOfficeHours(now)) {
            return;
        }
        if (random.nextDouble() >= visitsPerHour / 60.0) {
            return;
        }
        usage.record("session.start", Map.of());
        int seconds = 20;
        if (random.nextInt(4) == 0) {
            usage.record("search", Map.of("results", Integer.toString(random.nextInt(6))));
            seconds += 15;
        }
        int views = 1 + random.nextInt(3);
        for (int i = 0; i < views; i++) {
            String service = serviceIds.get(random.nextInt(serviceIds.size()));
            usage.record("service.viewed", Map.of("service", service));
            seconds += 30 + random.nextInt(90);
            if (random.nextInt(3) == 0) {
                int watched = 10 + random.nextInt(170);
                usage.record("video.played", Map.of("service", service, "seconds", Integer.toString(watched),
                        "outcome", watched > 150 ? "completed" : "stopped"));
                seconds += watched;
            }
        }
        if (random.nextInt(2) == 0) {
            usage.record("rating", Map.of("value", Integer.toString(3 + random.nextInt(3))));
        }
        usage.record("session.end", Map.of("reason", random.nextInt(5) == 0 ? "timeout" : "done",
                "seconds", Integer.toString(seconds)));
    }
}
