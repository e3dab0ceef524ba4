package vn.p06.fleet.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Permission;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.http.Response;
import vn.p06.fleet.http.Router;
import vn.p06.fleet.store.KioskRepository;

/**
 * Alerts, rules, notification settings and telemetry gaps over HTTP (the shared REST contract with
 * the dashboard). Reads need FLEET_READ, changes FLEET_OPERATE; a bad field is a 400 that names it.
 */
public final class AlertApi {
    private static final Set<String> STATES = Set.of("open", "acknowledged", "resolved");
    private static final Set<String> SEVERITIES = Set.of("warning", "critical");

    private final AlertEngine engine;
    private final KioskRepository kiosks;
    private final Clock clock;

    public AlertApi(AlertEngine engine, KioskRepository kiosks, Clock clock) {
        this.engine = engine;
        this.kiosks = kiosks;
        this.clock = clock;
    }

    public void register(Router router) {
        router.get("/api/alerts", Permission.FLEET_READ, this::list)
              .post("/api/alerts/{id}/acknowledge", Permission.FLEET_OPERATE,
                      request -> answer(engine.acknowledge(request.pathParameter("id"), request.principal().name()),
                              request))
              .post("/api/alerts/{id}/resolve", Permission.FLEET_OPERATE,
                      request -> answer(engine.resolve(request.pathParameter("id"), request.principal().name()),
                              request))
              .get("/api/alert-rules", Permission.FLEET_READ, request -> Response.ok(engine.rules()))
              .put("/api/alert-rules/{rule}", Permission.FLEET_OPERATE, this::updateRule)
              .get("/api/notifications", Permission.FLEET_READ, request -> Response.ok(engine.settings().visible()))
              .put("/api/notifications", Permission.FLEET_OPERATE, this::updateNotifications)
              .get("/api/kiosks/{id}/gaps", Permission.FLEET_READ, this::gaps);
    }

    private Response list(Request request) {
        Optional<String> state = request.queryParameter("state");
        if (state.isPresent() && !STATES.contains(state.get())) {
            throw badField("state", "state must be one of open, acknowledged, resolved: " + state.get());
        }
        return Response.ok(engine.list(state.map(Set::of).orElse(Set.of()), request.queryParameter("kiosk")));
    }

    private static Response answer(Optional<Alert> alert, Request request) {
        return Response.ok(alert.orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND,
                "no alert " + request.pathParameter("id"))));
    }

    private Response updateRule(Request request) {
        String name = request.pathParameter("rule");
        Rule rule = Rule.fromWireName(name)
                .orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no alert rule " + name));
        JsonNode body = Response.readJson(request.body(), JsonNode.class);
        JsonNode enabled = body.path("enabled");
        if (!enabled.isBoolean()) {
            throw badField("enabled", "enabled must be true or false");
        }
        JsonNode threshold = body.path("threshold");
        double[] range = thresholdRange(rule);
        if (!threshold.isNumber() || threshold.asDouble() < range[0] || threshold.asDouble() > range[1]) {
            throw badField("threshold", "threshold of " + name + " must be a number from " + (long) range[0] + " to "
                    + (long) range[1] + (rule.unit() == null ? "" : " (" + rule.unit() + ")"));
        }
        JsonNode forSeconds = body.path("forSeconds");
        if (!forSeconds.isIntegralNumber() || forSeconds.asLong() < 0 || forSeconds.asLong() > 86_400) {
            throw badField("forSeconds", "forSeconds must be a whole number of seconds from 0 to 86400");
        }
        String severity = body.path("severity").asText("");
        if (!SEVERITIES.contains(severity)) {
            throw badField("severity", "severity must be warning or critical");
        }
        return Response.ok(engine.updateRule(rule, enabled.asBoolean(), threshold.asDouble(), forSeconds.asInt(),
                severity, request.principal().name()));
    }

    /** Thresholds that make sense per rule; state rules ignore theirs. */
    private static double[] thresholdRange(Rule rule) {
        return switch (rule) {
            case OFFLINE -> new double[] {0, 10_080};
            case TEMPERATURE -> new double[] {20, 150};
            case DISK -> new double[] {0, 100};
            case TELEMETRY_GAP -> new double[] {0, 1_000_000};
            case CERTIFICATE_EXPIRING -> new double[] {0, 730};
            case PRINTER_PAPER_OUT, CARD_READER_MISSING, ROLLOUT_FAILED -> new double[] {0, 0};
        };
    }

    private Response updateNotifications(Request request) {
        JsonNode body = Response.readJson(request.body(), JsonNode.class);
        NotificationSettings current = engine.settings();
        String webhookUrl = text(body, "webhookUrl");
        if (webhookUrl != null) {
            try {
                URI uri = new URI(webhookUrl);
                if (!Set.of("http", "https").contains(String.valueOf(uri.getScheme())) || uri.getHost() == null) {
                    throw new java.net.URISyntaxException(webhookUrl, "not an http(s) URL with a host");
                }
            } catch (java.net.URISyntaxException e) {
                throw badField("webhookUrl", "webhookUrl must be an http:// or https:// URL: " + webhookUrl);
            }
        }
        JsonNode port = body.path("smtpPort");
        if (!port.isMissingNode() && !port.isNull()
                && (!port.isIntegralNumber() || port.asInt() < 1 || port.asInt() > 65_535)) {
            throw badField("smtpPort", "smtpPort must be a port number from 1 to 65535");
        }
        String emailTo = text(body, "emailTo");
        if (emailTo != null) {
            for (String address : emailTo.split(",")) {
                if (!address.trim().matches("[^@\\s]+@[^@\\s]+")) {
                    throw badField("emailTo", "emailTo must be comma-separated e-mail addresses: " + address.trim());
                }
            }
        }
        // The password is write-only: absent keeps the stored one, an empty string clears it.
        String password = body.has("smtpPassword") ? text(body, "smtpPassword") : current.smtpPassword();
        NotificationSettings settings = new NotificationSettings(webhookUrl, text(body, "smtpHost"),
                port.isIntegralNumber() ? port.asInt() : null, text(body, "smtpFrom"), text(body, "smtpUsername"),
                password, emailTo);
        engine.saveSettings(settings, request.principal().name());
        return Response.ok(settings.visible());
    }

    /** {@code ?from=&to=} ISO-8601 instants; default the last 24 hours. */
    private Response gaps(Request request) {
        String id = request.pathParameter("id");
        if (kiosks.find(id).isEmpty()) {
            throw new HttpError(HttpResponseStatus.NOT_FOUND, "no kiosk " + id);
        }
        Instant to = instant(request, "to").orElse(clock.instant());
        Instant from = instant(request, "from").orElse(to.minus(Duration.ofDays(1)));
        if (!from.isBefore(to)) {
            throw badField("from", "from must be before to");
        }
        return Response.ok(engine.gaps(id, from, to));
    }

    private static Optional<Instant> instant(Request request, String name) {
        try {
            return request.queryParameter(name).map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw badField(name, name + " must be an ISO-8601 instant such as 2026-11-23T08:00:00Z");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.path(field);
        if (node.isMissingNode() || node.isNull() || node.asText().isBlank()) {
            return null;
        }
        if (!node.isTextual()) {
            throw badField(field, field + " must be a string");
        }
        return node.asText().trim();
    }

    /** A 400 whose message starts with the field's name, so the dashboard can mark it. */
    static HttpError badField(String field, String message) {
        return new HttpError(HttpResponseStatus.BAD_REQUEST, message.startsWith(field) ? message : field + ": " + message);
    }
}
