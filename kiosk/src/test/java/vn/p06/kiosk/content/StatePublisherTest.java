package vn.p06.kiosk.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.p06.kiosk.telemetry.Sequences;
import vn.p06.kiosk.telemetry.TelemetrySink;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;

/** Reported state is state: after a link outage the broker must end on the newest report, not every old one. */
class StatePublisherTest {
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    /** A link that refuses while down, as MqttLink does when not connected. */
    static final class Link implements TelemetrySink {
        volatile boolean up;
        final List<Body.ReportedState> sent = new CopyOnWriteArrayList<>();

        @Override
        public boolean isAccepting() {
            return up;
        }

        @Override
        public CompletableFuture<Void> send(Envelope envelope) {
            if (!up) {
                return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
            }
            sent.add((Body.ReportedState) envelope.body());
            return CompletableFuture.completedFuture(null);
        }
    }

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
    }

    static Body.ReportedState downloading(int percent) {
        return new Body.ReportedState("r1", "r2", percent, 1, null, Body.ContentPhase.DOWNLOADING);
    }

    @Test
    void reportsMadeWhileTheLinkIsDownEndInTheNewestOnceItIsBack() {
        Link link = new Link();
        StatePublisher publisher = new StatePublisher("26734-001", link, new Sequences(), Clock.systemUTC(), scheduler,
                Duration.ofMillis(20));
        publisher.accept(downloading(5));
        publisher.accept(downloading(10));
        publisher.accept(downloading(15));

        link.up = true;

        await().atMost(Duration.ofSeconds(5)).until(() -> !link.sent.isEmpty());
        assertThat(link.sent).containsOnly(downloading(15));
        publisher.accept(downloading(20));
        assertThat(link.sent).last().isEqualTo(downloading(20));
    }
}
