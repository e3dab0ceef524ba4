package vn.p06.kiosk.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import vn.p06.kiosk.telemetry.Sequences;
import vn.p06.kiosk.telemetry.TelemetrySink;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;

class CommandHandlerTest {
    private static final String KIOSK = "26734-001";
    private static final Instant NOW = Instant.parse("2025-03-03T02:00:00Z");

    private final List<Envelope> replies = new CopyOnWriteArrayList<>();
    private final TelemetrySink sink = new TelemetrySink() {
        @Override
        public boolean isAccepting() {
            return true;
        }

        @Override
        public CompletableFuture<Void> send(Envelope envelope) {
            replies.add(envelope);
            return CompletableFuture.completedFuture(null);
        }
    };
    private final CommandHandler handler =
            new CommandHandler(KIOSK, Clock.fixed(NOW, ZoneOffset.UTC), new Sequences(), sink);

    private Body.CommandAck send(String name, long expiresAt) {
        Envelope command = Envelope.create(KIOSK, NOW.toEpochMilli(), 1, new Body.Command(name, expiresAt, Map.of()));
        replies.clear();
        handler.handle(command);
        assertThat(replies).hasSize(1);
        Envelope reply = replies.get(0);
        assertThat(reply.topic()).isEqualTo(Topics.of(KIOSK, Channel.COMMAND_ACK));
        Body.CommandAck ack = (Body.CommandAck) reply.body();
        assertThat(ack.commandId()).isEqualTo(command.id());
        return ack;
    }

    @Test
    void pingIsDone() {
        Body.CommandAck ack = send("ping", NOW.plusSeconds(60).toEpochMilli());
        assertThat(ack.state()).isEqualTo(Body.AckState.DONE);
        assertThat(ack.detail()).isNull();
    }

    @Test
    void anExpiredCommandIsNotRunEvenAPing() {
        Body.CommandAck ack = send("ping", NOW.minusMillis(1).toEpochMilli());
        assertThat(ack.state()).isEqualTo(Body.AckState.EXPIRED);
        assertThat(ack.detail()).contains("2025-03-03T01:59:59.999Z");
    }

    @Test
    void expiringExactlyNowStillRuns() {
        assertThat(send("ping", NOW.toEpochMilli()).state()).isEqualTo(Body.AckState.DONE);
    }

    @Test
    void anUnknownCommandIsRejectedWithItsName() {
        Body.CommandAck ack = send("reboot-now", NOW.plusSeconds(60).toEpochMilli());
        assertThat(ack.state()).isEqualTo(Body.AckState.REJECTED);
        assertThat(ack.detail()).isEqualTo("unknown command: reboot-now");
    }

    @Test
    void acksCarryTheirOwnIncreasingSequence() {
        send("ping", NOW.plusSeconds(60).toEpochMilli());
        long first = replies.get(0).sequence();
        send("ping", NOW.plusSeconds(60).toEpochMilli());
        assertThat(replies.get(0).sequence()).isEqualTo(first + 1);
    }
}
