package vn.p06.fleet.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import vn.p06.fleet.FleetServer;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Permission;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.http.Response;
import vn.p06.fleet.store.KioskRecord;

/**
 * A tiny in-test implementation of the alerts/commands REST contract (docs/DASHBOARD.md), so the
 * dashboard's pages can be driven before the real services are merged. It follows the contract's
 * routes, permissions, JSON fields and live events; the "kiosk" side of a command (accepted →
 * done, a screenshot result) is simulated here, a few hundred milliseconds after sending.
 */
final class ContractStandIn implements AutoCloseable {

    record Alert(String id, String kioskId, String commune, String rule, String severity, String state, String detail,
                 Double value, Instant openedAt, Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt,
                 List<String> notifications) {
        Alert with(String newState, String by, Instant at) {
            return new Alert(id, kioskId, commune, rule, severity, newState, detail, value, openedAt,
                    "acknowledged".equals(newState) ? at : acknowledgedAt,
                    "acknowledged".equals(newState) ? by : acknowledgedBy,
                    "resolved".equals(newState) ? at : resolvedAt, notifications);
        }
    }

    record Rule(String rule, boolean enabled, Double threshold, String unit, int forSeconds, String severity,
                String description) {
    }

    record RuleChange(Boolean enabled, Double threshold, Integer forSeconds, String severity) {
    }

    record Command(String id, String kioskId, String name, Map<String, String> arguments, String state, String detail,
                   Instant createdAt, String createdBy, Instant expiresAt, Instant updatedAt, String result) {
        Command with(String newState, String newDetail, String newResult) {
            return new Command(id, kioskId, name, arguments, newState, newDetail, createdAt, createdBy, expiresAt,
                    Instant.now(), newResult);
        }
    }

    record NewCommand(String name, Map<String, String> arguments, Integer ttlSeconds) {
    }

    private static final List<String> COMMANDS = List.of("restart-app", "reboot", "maintenance-on", "maintenance-off",
            "refresh-content", "screenshot", "collect-logs", "ping");

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

    final Map<String, Alert> alerts = new ConcurrentHashMap<>();
    final Map<String, Rule> rules = new ConcurrentHashMap<>();
    final Map<String, Command> commands = new ConcurrentHashMap<>();
    private volatile Map<String, Object> notifications = Map.of();
    private final ScheduledExecutorService kioskSide = Executors.newSingleThreadScheduledExecutor();
    private FleetServer.Wiring wiring;

    void register(FleetServer.Wiring wiring) {
        this.wiring = wiring;
        rules.put("offline", new Rule("offline", true, null, null, 0, "critical", "kiosk disconnected"));
        rules.put("temperature", new Rule("temperature", true, 75.0, "°C", 60, "warning", "CPU too hot"));
        wiring.live().subscribe(event -> {
            // Read as JSON, as the real alert engine would see the contract's payload.
            if ("presence".equals(event.type()) && !Boolean.TRUE.equals(JSON.convertValue(event.payload(), Map.class)
                    .get("online"))) {
                open(event.kioskId());
            }
        });
        wiring.router()
                .get("/api/alerts", Permission.FLEET_READ, this::listAlerts)
                .post("/api/alerts/{id}/acknowledge", Permission.FLEET_OPERATE, r -> move(r, "acknowledged"))
                .post("/api/alerts/{id}/resolve", Permission.FLEET_OPERATE, r -> move(r, "resolved"))
                .get("/api/alert-rules", Permission.FLEET_READ, r -> Response.ok(rules.values().stream()
                        .sorted(Comparator.comparing(Rule::rule)).toList()))
                .put("/api/alert-rules/{rule}", Permission.FLEET_OPERATE, this::putRule)
                .get("/api/notifications", Permission.FLEET_READ, r -> Response.ok(notifications))
                .put("/api/notifications", Permission.FLEET_OPERATE, r -> {
                    notifications = Response.readJson(r.body(), Map.class);
                    wiring.audit().record(r.principal().name(), "notifications.changed", "notifications", null);
                    return Response.ok(notifications);
                })
                .post("/api/kiosks/{id}/commands", Permission.FLEET_OPERATE, this::send)
                .get("/api/kiosks/{id}/commands", Permission.FLEET_READ, r -> Response.ok(commands.values().stream()
                        .filter(c -> c.kioskId().equals(r.pathParameter("id")))
                        .sorted(Comparator.comparing(Command::createdAt).reversed()).toList()))
                .get("/api/commands/{id}/result", Permission.FLEET_READ, this::result);
    }

    private void open(String kioskId) {
        String commune = wiring.kiosks().find(kioskId).map(KioskRecord::commune).orElse(null);
        Alert alert = new Alert(UUID.randomUUID().toString(), kioskId, commune, "offline", "critical", "open",
                "kiosk went offline", null, Instant.now(), null, null, null, List.of());
        alerts.put(alert.id(), alert);
        wiring.live().publish("alert", kioskId, alert);
    }

    private Response listAlerts(Request request) {
        Optional<String> state = request.queryParameter("state");
        Optional<String> kiosk = request.queryParameter("kiosk");
        return Response.ok(alerts.values().stream()
                .filter(a -> state.map(a.state()::equals).orElse(!"resolved".equals(a.state())))
                .filter(a -> kiosk.map(a.kioskId()::equals).orElse(true))
                .sorted(Comparator.comparing(Alert::openedAt).reversed()).toList());
    }

    private Response move(Request request, String state) {
        Alert alert = Optional.ofNullable(alerts.get(request.pathParameter("id")))
                .orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no alert"));
        Alert moved = alert.with(state, request.principal().name(), Instant.now());
        alerts.put(moved.id(), moved);
        wiring.audit().record(request.principal().name(), "alert." + state, moved.id(), moved.kioskId());
        wiring.live().publish("alert", moved.kioskId(), moved);
        return Response.ok(moved);
    }

    private Response putRule(Request request) {
        Rule rule = Optional.ofNullable(rules.get(request.pathParameter("rule")))
                .orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no rule"));
        RuleChange change = Response.readJson(request.body(), RuleChange.class);
        if (change.forSeconds() == null || change.forSeconds() < 0) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "forSeconds: a whole number ≥ 0");
        }
        Rule changed = new Rule(rule.rule(), Boolean.TRUE.equals(change.enabled()), change.threshold(), rule.unit(),
                change.forSeconds(), change.severity(), rule.description());
        rules.put(changed.rule(), changed);
        wiring.audit().record(request.principal().name(), "alert-rule.changed", changed.rule(),
                "threshold=" + changed.threshold());
        return Response.ok(changed);
    }

    private Response send(Request request) {
        String kioskId = request.pathParameter("id");
        NewCommand body = Response.readJson(request.body(), NewCommand.class);
        if (!COMMANDS.contains(body.name())) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "name: one of " + COMMANDS);
        }
        Instant now = Instant.now();
        int ttl = body.ttlSeconds() == null ? 300 : body.ttlSeconds();
        Command command = new Command(UUID.randomUUID().toString(), kioskId, body.name(),
                body.arguments() == null ? Map.of() : body.arguments(), "sent", null, now,
                request.principal().name(), now.plusSeconds(ttl), now, null);
        commands.put(command.id(), command);
        wiring.audit().record(request.principal().name(), "command.sent", kioskId, command.name());
        wiring.live().publish("command", kioskId, command);
        kioskSide.schedule(() -> update(command.id(), "accepted", null, null), 300, TimeUnit.MILLISECONDS);
        kioskSide.schedule(() -> update(command.id(), "done", "ok",
                "screenshot".equals(command.name()) || "collect-logs".equals(command.name())
                        ? "/api/commands/" + command.id() + "/result" : null), 600, TimeUnit.MILLISECONDS);
        return Response.json(HttpResponseStatus.ACCEPTED, command);
    }

    private void update(String id, String state, String detail, String result) {
        Command updated = commands.get(id).with(state, detail, result);
        commands.put(id, updated);
        wiring.live().publish("command", updated.kioskId(), updated);
    }

    private Response result(Request request) throws IOException {
        Command command = Optional.ofNullable(commands.get(request.pathParameter("id")))
                .orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no command"));
        if (!"screenshot".equals(command.name())) {
            return Response.text("text/plain; charset=utf-8", "log line (redacted)\n".getBytes());
        }
        BufferedImage image = new BufferedImage(160, 100, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(new Color(0x1f3a5f));
        graphics.fillRect(0, 0, 160, 100);
        graphics.setColor(Color.WHITE);
        graphics.drawString("kiosk " + command.kioskId(), 10, 50);
        graphics.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return new Response(HttpResponseStatus.OK, "image/png", png.toByteArray());
    }

    List<Alert> alertsOf(String kioskId) {
        return new ArrayList<>(alerts.values().stream().filter(a -> a.kioskId().equals(kioskId)).toList());
    }

    @Override
    public void close() {
        kioskSide.shutdownNow();
    }
}
