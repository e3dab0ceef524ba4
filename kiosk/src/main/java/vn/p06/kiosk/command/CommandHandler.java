package vn.p06.kiosk.command;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.telemetry.Sequences;
import vn.p06.kiosk.telemetry.TelemetrySink;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Envelope;

/**
 * Answers remote commands on {@code cmd/ack}. Today only {@code ping}; an expired command is never
 * run, an unknown one is rejected with its name so the operator sees why. Commands arrive at least
 * once (QoS1): commands with side effects will need dedupe by command id; ping has none.
 */
public final class CommandHandler {
    private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);

    private final String kioskId;
    private final Clock clock;
    private final Sequences sequences;
    private final TelemetrySink replies;

    public CommandHandler(String kioskId, Clock clock, Sequences sequences, TelemetrySink replies) {
        this.kioskId = Objects.requireNonNull(kioskId, "kioskId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sequences = Objects.requireNonNull(sequences, "sequences");
        this.replies = Objects.requireNonNull(replies, "replies");
    }

    /** Handles one decoded command envelope (the codec has checked it is for this kiosk's cmd topic). */
    public void handle(Envelope envelope) {
        if (!(envelope.body() instanceof Body.Command command)) {
            log.warn("kiosk {}: not a command: {}", kioskId, envelope.type());
            return;
        }
        long now = clock.millis();
        Body.CommandAck ack = decide(envelope.id(), command, now);
        log.info("kiosk {}: command {} ({}) -> {}", kioskId, command.name(), envelope.id(), ack.state().wireName());
        Envelope reply = Envelope.create(kioskId, now, sequences.next(Channel.COMMAND_ACK), ack);
        replies.send(reply).whenComplete((ok, e) -> {
            if (e != null) {
                log.warn("kiosk {}: ack of command {} not delivered: {}", kioskId, envelope.id(), e.toString());
            }
        });
    }

    static Body.CommandAck decide(String commandId, Body.Command command, long now) {
        if (command.expiresAt() < now) {
            return new Body.CommandAck(commandId, Body.AckState.EXPIRED,
                    "expired at " + Instant.ofEpochMilli(command.expiresAt()));
        }
        return switch (command.name()) {
            case "ping" -> new Body.CommandAck(commandId, Body.AckState.DONE, null);
            default -> new Body.CommandAck(commandId, Body.AckState.REJECTED, "unknown command: " + command.name());
        };
    }
}
