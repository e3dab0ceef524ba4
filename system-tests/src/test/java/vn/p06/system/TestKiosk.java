package vn.p06.system;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import vn.p06.kiosk.telemetry.MqttLink;
import vn.p06.kiosk.telemetry.Outbox;
import vn.p06.kiosk.telemetry.OutboxForwarder;
import vn.p06.kiosk.telemetry.OutboxPolicy;
import vn.p06.kiosk.telemetry.OutboxSink;
import vn.p06.kiosk.telemetry.Sequences;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.Envelope;

/** The kiosk's telemetry path, in-process: outbox → forwarder → MQTT link, with a clock the test owns. */
final class TestKiosk implements AutoCloseable {
    final String id;
    final Outbox outbox;
    final OutboxSink sink;
    private final EnrollmentBundle bundle;
    private final Clock clock;
    private final OutboxPolicy policy;
    private final Sequences sequences = new Sequences();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private MqttLink link;
    private OutboxForwarder forwarder;

    TestKiosk(EnrollmentBundle bundle, Path dir, Clock clock, OutboxPolicy policy) {
        this.id = bundle.kioskId();
        this.bundle = bundle;
        this.clock = clock;
        this.policy = policy;
        this.outbox = Outbox.open(dir, clock, policy);
        this.sink = new OutboxSink(id, outbox);
    }

    static Body.Health health() {
        return new Body.Health(48.0, 0.3, 4, 4_000_000_000L, 2_000_000_000L, 32_000_000_000L, 20_000_000_000L,
                3600, List.of("192.0.2.7"), "Raspbian 12", "17", "test", Map.of());
    }

    /** A health sample stamped with the kiosk's clock, committed to the outbox; returns its id. */
    String sampleHealth() {
        Envelope envelope = Envelope.create(id, clock.millis(), sequences.next(Channel.HEALTH), health());
        sink.send(envelope).join();
        return envelope.id();
    }

    /** Connects and starts forwarding the outbox. */
    void goOnline() {
        MqttLink.Options options = MqttLink.Options.defaults().withKeepAlive(Duration.ofSeconds(5))
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));
        link = new MqttLink(bundle, "test", options, sequences, clock, scheduler);
        forwarder = new OutboxForwarder(id, outbox, link, sequences, clock, scheduler, policy);
        link.start();
        forwarder.start();
    }

    @Override
    public void close() {
        if (forwarder != null) {
            forwarder.close();
        }
        if (link != null) {
            link.close();
        }
        scheduler.shutdownNow();
        outbox.close();
    }
}
