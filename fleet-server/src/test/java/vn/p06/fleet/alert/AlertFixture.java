package vn.p06.fleet.alert;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import vn.p06.fleet.live.LiveEvents;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.IngestBatch;
import vn.p06.fleet.store.KioskRepository;
import vn.p06.fleet.store.TelemetryRepository;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;
import vn.p06.testsupport.MutableClock;

/** A real H2 fleet database, the engine on a hand-driven clock, recorded audit entries and live events. */
final class AlertFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-11-23T01:00:00Z");
    static final AlertEngine.Policy POLICY = new AlertEngine.Policy(Duration.ofMinutes(5), Duration.ofMinutes(30), 3,
            Duration.ofMillis(20), Duration.ofSeconds(2));

    record Audit(String actor, String action, String target, String detail) {
    }

    final MutableClock clock = new MutableClock(START);
    final Database database;
    final KioskRepository kiosks;
    final TelemetryRepository telemetry;
    final LiveEvents live = new LiveEvents();
    final List<LiveEvents.Event> events = new CopyOnWriteArrayList<>();
    final List<Audit> audit = new CopyOnWriteArrayList<>();
    final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    final AlertEngine engine;
    private long connection = 1_000;

    AlertFixture(Path dir) {
        database = vn.p06.fleet.store.TestStores.open(dir);
        kiosks = new KioskRepository(database);
        telemetry = new TelemetryRepository(database);
        live.subscribe(events::add);
        engine = new AlertEngine(database, kiosks, live,
                (actor, action, target, detail) -> audit.add(new Audit(actor, action, target, detail)),
                clock, POLICY, executor);
    }

    void enroll(String kioskId) {
        kiosks.enroll(kioskId, kioskId.substring(0, 5), "not-a-real-hash", clock.instant());
    }

    /** A new connection's "online", or the will of the current one. */
    void presence(String kioskId, boolean online) {
        if (online) {
            connection++;
        }
        kiosks.applyPresence(kioskId, online, connection, "test", clock.instant());
    }

    void health(String kioskId, long seq, Double celsius, long diskFree, Map<String, Body.Peripheral> peripherals,
                Body.OutboxStats outbox) {
        Body.Health health = new Body.Health(celsius, 0.5, 4, 4L << 30, 2L << 30, 100L << 30, diskFree, 3600,
                List.of(), "Debian 12", "17", "test", peripherals, outbox);
        store(Envelope.create(kioskId, clock.millis(), seq, health));
    }

    /** A health sample from a kiosk on a client certificate with {@code daysLeft} to go. */
    void certificateHealth(String kioskId, long seq, long daysLeft, String lastRenewalError) {
        Body.Health health = new Body.Health(50.0, 0.5, 4, 4L << 30, 2L << 30, 100L << 30, 50L << 30, 3600,
                List.of(), "Debian 12", "17", "test", Map.of(), null,
                new Body.CertificateState("1a2b", "2027-01-01T00:00:00Z", daysLeft, lastRenewalError));
        store(Envelope.create(kioskId, clock.millis(), seq, health));
    }

    void store(Envelope envelope) {
        telemetry.store(new IngestBatch(List.of(new IngestBatch.Accepted(envelope, clock.instant())), List.of()));
    }

    /** Ticks every {@code step} for {@code total}, as the server's job does. */
    void run(Duration total, Duration step) {
        for (Duration t = Duration.ZERO; t.compareTo(total) < 0; t = t.plus(step)) {
            clock.advance(step);
            engine.tick();
        }
    }

    void setWebhook(String url) {
        engine.saveSettings(new NotificationSettings(url, null, null, null, null, null, null), "test");
    }

    @Override
    public void close() {
        executor.shutdownNow();
        database.close();
    }
}
