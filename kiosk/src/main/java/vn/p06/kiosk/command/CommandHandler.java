package vn.p06.kiosk.command;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.telemetry.Sequences;
import vn.p06.kiosk.telemetry.TelemetrySink;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.Envelope;

/**
 * Runs remote commands and answers on {@code cmd/ack}: {@code accepted} as soon as it starts, then
 * {@code done} or {@code failed} with a detail. An expired command is never run ({@code expired}), an
 * unknown one is {@code rejected} with its name. Commands arrive at least once (QoS 1): the
 * {@link CommandJournal} remembers every id on disk before acting, so a redelivered command, even
 * after a reboot, is not run again. Acks go through the outbox like all telemetry.
 * <p>
 * restart-app and reboot end this process: they are acknowledged {@code accepted} before, and
 * {@code done} when the kiosk is back ({@link #start()}).
 */
public final class CommandHandler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);
    static final Set<String> NAMES = Set.of("ping", "restart-app", "reboot", "maintenance-on", "maintenance-off",
            "refresh-content", "screenshot", "collect-logs");
    static final int DEFAULT_LOG_KIB = 256;
    static final int MAX_LOG_KIB = 900;
    /** An action whose outcome is known only after this process ends and starts again. */
    private static final String AFTER_RESTART = "\0after-restart";

    /** The machine-side ports the commands act through. */
    public record Ports(SystemControl system, ContentRefresher content, LogSource logs) {
        public Ports {
            Objects.requireNonNull(system, "system");
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(logs, "logs");
        }

        /** The same machine with the kiosk's content updater behind {@code refresh-content}. */
        public Ports withContent(ContentRefresher refresher) {
            return new Ports(system, refresher, logs);
        }
    }

    private final String kioskId;
    private final Clock clock;
    private final Sequences sequences;
    private final TelemetrySink replies;
    private final Ports ports;
    private final CommandJournal journal;
    private final ResultUploader uploader;
    private volatile KioskScreen screen = KioskScreen.HEADLESS;

    /** @param dataDir where the command journal lives (the kiosk's data directory) */
    public CommandHandler(EnrollmentBundle bundle, Clock clock, Sequences sequences, TelemetrySink replies, Ports ports,
                          Path dataDir) {
        this.kioskId = bundle.kioskId();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sequences = Objects.requireNonNull(sequences, "sequences");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.journal = new CommandJournal(dataDir.resolve("commands-" + kioskId), clock.instant());
        this.uploader = new ResultUploader(bundle);
    }

    /** Finishes what the last process started (a restart, a reboot) and restores maintenance mode. */
    public void start() {
        for (CommandJournal.Entry entry : journal.interrupted()) {
            boolean restarting = entry.name().equals("restart-app") || entry.name().equals("reboot");
            finish(entry.commandId(), entry.name(), restarting
                    ? ack(entry.commandId(), Body.AckState.DONE, "kiosk back at " + clock.instant())
                    : ack(entry.commandId(), Body.AckState.FAILED, "interrupted by a restart of the kiosk"));
        }
        screen.outOfService(journal.maintenance());
    }

    /** The touch screen, once the UI is up: shows maintenance mode at once if it is on. */
    public void attach(KioskScreen attached) {
        this.screen = Objects.requireNonNull(attached, "screen");
        attached.outOfService(journal.maintenance());
    }

    /** Whether maintenance mode (out of service) is on, as persisted. */
    public boolean inMaintenance() {
        return journal.maintenance();
    }

    /** Handles one decoded command envelope (the codec has checked it is for this kiosk's cmd topic). */
    public void handle(Envelope envelope) {
        if (!(envelope.body() instanceof Body.Command command)) {
            log.warn("kiosk {}: not a command: {}", kioskId, envelope.type());
            return;
        }
        String id = envelope.id();
        Optional<CommandJournal.Entry> seen = journal.find(id);
        if (seen.isPresent()) {
            log.info("kiosk {}: command {} ({}) delivered again; already {}, not run again", kioskId, command.name(),
                    id, seen.get().state());
            return;
        }
        if (command.expiresAt() < clock.millis()) {
            finish(id, command.name(), ack(id, Body.AckState.EXPIRED,
                    "expired at " + Instant.ofEpochMilli(command.expiresAt())));
            return;
        }
        if (!NAMES.contains(command.name())) {
            finish(id, "unknown", ack(id, Body.AckState.REJECTED, "unknown command: " + command.name()));
            return;
        }
        journal.record(id, "started", command.name(), clock.instant());
        send(ack(id, Body.AckState.ACCEPTED, null));
        log.info("kiosk {}: command {} ({}) accepted", kioskId, command.name(), id);
        Body.CommandAck outcome;
        try {
            String detail = run(id, command.name(), command.arguments());
            if (AFTER_RESTART.equals(detail)) {
                return; // done is acknowledged by the next process, from the journal
            }
            outcome = ack(id, Body.AckState.DONE, detail);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            outcome = ack(id, Body.AckState.FAILED, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        finish(id, command.name(), outcome);
    }

    private String run(String id, String name, Map<String, String> arguments) throws Exception {
        return switch (name) {
            case "ping" -> null;
            case "restart-app" -> {
                ports.system().restartApp();
                yield AFTER_RESTART;
            }
            case "reboot" -> {
                ports.system().reboot();
                yield AFTER_RESTART;
            }
            case "maintenance-on", "maintenance-off" -> {
                boolean on = name.equals("maintenance-on");
                journal.maintenance(on, clock.instant());
                screen.outOfService(on);
                yield on ? "out of service screen shown" : "back in service";
            }
            case "refresh-content" -> ports.content().refresh();
            case "screenshot" -> {
                byte[] png = screen.capturePng();
                uploader.upload(id, "image/png", png);
                yield "screenshot uploaded (" + (png.length + 1023) / 1024 + " KiB)";
            }
            case "collect-logs" -> {
                int kib = kib(arguments.get("kib"));
                byte[] text = LogRedactor.redact(ports.logs().tail(kib * 1024)).getBytes(StandardCharsets.UTF_8);
                uploader.upload(id, "text/plain; charset=utf-8", text);
                yield (text.length + 1023) / 1024 + " KiB of log uploaded (ID numbers and name fields redacted)";
            }
            default -> throw new IllegalStateException("no action for " + name);
        };
    }

    private static int kib(String argument) {
        if (argument == null) {
            return DEFAULT_LOG_KIB;
        }
        try {
            return Math.max(1, Math.min(MAX_LOG_KIB, Integer.parseInt(argument.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("kib must be a number of KiB: " + argument);
        }
    }

    private Body.CommandAck ack(String id, Body.AckState state, String detail) {
        String shortDetail = detail == null || detail.length() <= Body.MAX_TEXT ? detail
                : detail.substring(0, Body.MAX_TEXT);
        return new Body.CommandAck(id, state, shortDetail);
    }

    private void finish(String id, String name, Body.CommandAck ack) {
        journal.record(id, ack.state().wireName(), name, clock.instant());
        send(ack);
        log.info("kiosk {}: command {} ({}) -> {}", kioskId, name, id, ack.state().wireName());
    }

    private void send(Body.CommandAck ack) {
        Envelope reply = Envelope.create(kioskId, clock.millis(), sequences.next(Channel.COMMAND_ACK), ack);
        replies.send(reply).whenComplete((ok, e) -> {
            if (e != null) {
                log.warn("kiosk {}: ack of command {} not delivered: {}", kioskId, ack.commandId(), e.toString());
            }
        });
    }

    @Override
    public void close() {
        journal.close();
    }
}
