package vn.p06.fleet.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.audit.AuditLog;
import vn.p06.fleet.broker.MqttBroker;
import vn.p06.fleet.live.LiveEvents;
import vn.p06.fleet.store.Database;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;

/**
 * Remote commands: sent with an id and an expiry, moved forward by the kiosk's acks
 * (sent → accepted → done / failed, or rejected / expired), expired by the server when the kiosk
 * never answered in time, and every one audited. Acks arrive through ingest into
 * {@code command_acks}; {@link #tick()} (a periodic job, called directly by tests) applies them.
 */
public final class CommandService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommandService.class);

    /** The commands a kiosk knows; anything else is refused here, before it reaches a kiosk. */
    public static final Set<String> NAMES = Set.of("restart-app", "reboot", "maintenance-on", "maintenance-off",
            "refresh-content", "screenshot", "collect-logs", "ping");
    /** Commands whose result the kiosk uploads over HTTP. */
    static final Set<String> WITH_RESULT = Set.of("screenshot", "collect-logs");
    static final Duration MAX_TTL = Duration.ofDays(1);
    /** Acks are looked for on commands up to this old; older ones have long since settled. */
    private static final Duration ACK_HORIZON = MAX_TTL.plusDays(1);

    private final CommandStore store;
    private final CommandTransport transport;
    private final LiveEvents live;
    private final AuditLog audit;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    CommandService(Database database, CommandTransport transport, LiveEvents live, AuditLog audit, Clock clock) {
        this.store = new CommandStore(database);
        this.transport = transport;
        this.live = live;
        this.audit = audit;
        this.clock = clock;
    }

    /** Commands over the given broker, as the fleet's service user. */
    public static CommandService overMqtt(Database database, MqttBroker broker, String instanceId, LiveEvents live,
                                          AuditLog audit, Clock clock) throws Exception {
        return new CommandService(database, new MqttCommandTransport(broker, instanceId), live, audit, clock);
    }

    static String resultPath(String commandId) {
        return "/api/commands/" + commandId + "/result";
    }

    /**
     * Records, audits and publishes a command. A broker that does not take it leaves the command
     * {@code failed} with the reason: it is never silently dropped.
     */
    public Command send(String kioskId, String name, Map<String, String> arguments, Duration ttl, String actor) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("name must be one of " + NAMES.stream().sorted().toList() + ": " + name);
        }
        // milliseconds, as on the wire: what the API shows is what the kiosk checks
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant expiresAt = now.plus(ttl);
        Envelope envelope = Envelope.create(kioskId, now.toEpochMilli(), sequence.incrementAndGet(),
                new Body.Command(name, expiresAt.toEpochMilli(), arguments));
        Command command = new Command(envelope.id(), kioskId, name, arguments, "sent", null, now, actor, expiresAt,
                now, null);
        store.insert(command);
        audit.record(actor, "command.sent", kioskId, name + " " + command.id() + " ttl=" + ttl.toSeconds() + "s");
        try {
            transport.publish(envelope);
        } catch (Exception e) {
            log.warn("command {} to {} not published: {}", command.id(), kioskId, e.toString());
            store.setState(command.id(), "sent", "failed", "not sent: the broker did not take it (" + e.getMessage() + ")",
                    clock.instant());
        }
        return changed(command.id());
    }

    /** Applies new acks and expires commands the kiosk never answered. */
    public synchronized void tick() {
        Instant now = clock.instant();
        // One command can have several acks in one round (accepted, then done): follow them in order.
        Map<String, CommandStore.Ack> current = new java.util.HashMap<>();
        for (CommandStore.Ack ack : store.pendingAcks(now.minus(ACK_HORIZON))) {
            CommandStore.Ack before = current.getOrDefault(ack.commandId(), ack);
            String state = before == ack ? ack.currentState() : before.state();
            String detail = before == ack ? ack.currentDetail() : before.detail();
            boolean same = ack.state().equals(state) && java.util.Objects.equals(ack.detail(), detail);
            if (!same && rank(ack.state(), true) > rank(state, false)
                    && store.setState(ack.commandId(), state, ack.state(), ack.detail(), now)) {
                current.put(ack.commandId(), ack);
                changed(ack.commandId());
            }
        }
        for (Command command : store.unansweredExpired(now)) {
            if (store.setState(command.id(), "sent", "expired", "the kiosk did not answer before " + command.expiresAt(),
                    now)) {
                changed(command.id());
            }
        }
    }

    /**
     * How far a state is along: a kiosk's ack only moves a command forward. The server's own
     * "expired" (no answer in time) yields to any ack that arrives later, since the kiosk's word on
     * what it did is the truth; a kiosk's final answer is final.
     */
    private static int rank(String state, boolean fromKiosk) {
        return switch (state) {
            case "sent" -> 0;
            case "expired" -> fromKiosk ? 3 : 1;
            case "accepted" -> 2;
            default -> 3;
        };
    }

    public List<Command> forKiosk(String kioskId) {
        return store.forKiosk(kioskId, 200);
    }

    public Optional<Command> find(String id) {
        return store.find(id);
    }

    /** A result the kiosk uploaded; the caller has checked it is the kiosk's own command. */
    void saveResult(Command command, String contentType, byte[] bytes) {
        store.saveResult(command.id(), contentType, bytes);
        audit.record(command.kioskId(), "command.result", command.kioskId(),
                command.name() + " " + command.id() + " " + bytes.length + " bytes");
        changed(command.id());
    }

    Optional<CommandStore.Result> result(String id) {
        return store.result(id);
    }

    private Command changed(String id) {
        Command command = store.find(id).orElseThrow();
        live.publish("command", command.kioskId(), command);
        return command;
    }

    @Override
    public void close() {
        transport.close();
    }
}
