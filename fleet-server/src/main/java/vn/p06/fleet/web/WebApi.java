package vn.p06.fleet.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import vn.p06.fleet.audit.AuditLog;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Permission;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.http.Response;
import vn.p06.fleet.http.Router;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.KioskRepository;
import vn.p06.fleet.store.Sql;

/**
 * The page APIs of the dashboard: the fleet table, a kiosk's presence history, recent usage events
 * and content state, administrative units for the tree, and usage analytics (JSON or CSV).
 */
public final class WebApi {
    private static final Pattern COMMUNE = Pattern.compile("\\d{5}");
    private static final int MAX_HISTORY = 500;
    private static final Duration MAX_ANALYTICS_RANGE = Duration.ofDays(366);

    private final Database database;
    private final KioskRepository kiosks;
    private final AuditLog audit;
    private final Clock clock;
    private final FleetView fleet;
    private final Analytics analytics;

    public WebApi(Database database, KioskRepository kiosks, AuditLog audit, Clock clock) {
        this.database = database;
        this.kiosks = kiosks;
        this.audit = audit;
        this.clock = clock;
        this.fleet = new FleetView(database);
        this.analytics = new Analytics(database);
    }

    record AdminUnit(String commune, String communeName, String district, String province) {
    }

    record UsageEvent(long ts, String kind, @com.fasterxml.jackson.annotation.JsonRawValue String attributes) {
    }

    public void register(Router router) {
        router.get("/api/fleet", Permission.FLEET_READ, request -> Response.ok(fleet.fleet(clock.instant())))
              .get("/api/kiosks/{id}/presence", Permission.FLEET_READ, this::presence)
              .get("/api/kiosks/{id}/events", Permission.FLEET_READ, this::events)
              .get("/api/kiosks/{id}/state", Permission.FLEET_READ, this::state)
              .get("/api/admin-units", Permission.FLEET_READ, request -> Response.ok(units()))
              .put("/api/admin-units/{commune}", Permission.USERS_ADMIN, this::putUnit)
              .post("/api/admin-units", Permission.USERS_ADMIN, this::postUnitsCsv)
              .get("/api/analytics", Permission.FLEET_READ, this::analytics);
    }

    private String existingKiosk(Request request) {
        String id = request.pathParameter("id");
        if (kiosks.find(id).isEmpty()) {
            throw new HttpError(HttpResponseStatus.NOT_FOUND, "no kiosk " + id);
        }
        return id;
    }

    private Response presence(Request request) {
        return Response.ok(kiosks.presenceHistory(existingKiosk(request), limit(request)));
    }

    private Response events(Request request) {
        String id = existingKiosk(request);
        int limit = limit(request);
        return Response.ok(Sql.query(database, "SELECT kiosk_ts, kind, attributes FROM usage_events "
                        + "WHERE kiosk_id = ? ORDER BY kiosk_ts DESC LIMIT ?",
                statement -> {
                    statement.setString(1, id);
                    statement.setInt(2, limit);
                }, rs -> new UsageEvent(rs.getLong(1), rs.getString(2), rs.getString(3))));
    }

    /** The newest reported (content) state, or 404 when the kiosk has reported none. */
    private Response state(Request request) {
        String id = existingKiosk(request);
        return Sql.query(database, "SELECT body FROM reported_states WHERE kiosk_id = ? ORDER BY kiosk_ts DESC LIMIT 1",
                        statement -> statement.setString(1, id), rs -> rs.getString(1)).stream().findFirst()
                .map(body -> new Response(HttpResponseStatus.OK, "application/json; charset=utf-8",
                        body.getBytes(StandardCharsets.UTF_8)))
                .orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "kiosk " + id + " reported no state yet"));
    }

    private static int limit(Request request) {
        int limit = request.queryParameter("limit").map(WebApi::integer).orElse(100);
        if (limit < 1 || limit > MAX_HISTORY) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "limit: 1 to " + MAX_HISTORY);
        }
        return limit;
    }

    private static int integer(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "limit: a whole number, not " + text);
        }
    }

    private List<AdminUnit> units() {
        return Sql.query(database, "SELECT commune, commune_name, district, province FROM admin_units ORDER BY commune",
                statement -> { }, rs -> new AdminUnit(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)));
    }

    private Response putUnit(Request request) {
        AdminUnit body = Response.readJson(request.body(), AdminUnit.class);
        AdminUnit unit = checked(new AdminUnit(request.pathParameter("commune"), body.communeName(), body.district(),
                body.province()), "body");
        store(List.of(unit));
        audit.record(request.principal().name(), "admin-unit.set", unit.commune(),
                unit.province() + " / " + unit.district() + " / " + unit.communeName());
        return Response.ok(unit);
    }

    /**
     * {@code text/csv}: {@code commune,communeName,district,province} per line, an optional header.
     * All lines are checked before any is stored: a bad line stores nothing and is named.
     */
    private Response postUnitsCsv(Request request) {
        List<String> lines = new String(request.body(), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank()).toList();
        List<AdminUnit> units = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (i == 0 && cells[0].strip().equalsIgnoreCase("commune")) {
                continue;
            }
            if (cells.length != 4) {
                throw new HttpError(HttpResponseStatus.BAD_REQUEST,
                        "line " + (i + 1) + ": expected 4 cells commune,communeName,district,province");
            }
            units.add(checked(new AdminUnit(cells[0].strip(), cells[1].strip(), cells[2].strip(), cells[3].strip()),
                    "line " + (i + 1)));
        }
        store(units);
        audit.record(request.principal().name(), "admin-unit.imported", units.size() + " communes", null);
        return Response.ok(Map.of("stored", units.size()));
    }

    private static AdminUnit checked(AdminUnit unit, String where) {
        if (unit.commune() == null || !COMMUNE.matcher(unit.commune()).matches()) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, where + ": commune must be a 5-digit code");
        }
        for (String text : Arrays.asList(unit.communeName(), unit.district(), unit.province())) {
            if (text != null && text.length() > 128) {
                throw new HttpError(HttpResponseStatus.BAD_REQUEST, where + ": names are at most 128 characters");
            }
        }
        return unit;
    }

    /**
     * Insert-or-update in a form both stores speak (H2's {@code MERGE ... KEY} is not PostgreSQL):
     * the missing rows are inserted, then every row is set, in one transaction.
     */
    private void store(List<AdminUnit> units) {
        Sql.inTransaction(database, connection -> {
            try (var insert = connection.prepareStatement("INSERT INTO admin_units (commune) VALUES (?) "
                    + "ON CONFLICT DO NOTHING");
                 var update = connection.prepareStatement("UPDATE admin_units SET commune_name = ?, district = ?, "
                         + "province = ? WHERE commune = ?")) {
                for (AdminUnit unit : units) {
                    insert.setString(1, unit.commune());
                    insert.addBatch();
                    update.setString(1, unit.communeName());
                    update.setString(2, unit.district());
                    update.setString(3, unit.province());
                    update.setString(4, unit.commune());
                    update.addBatch();
                }
                insert.executeBatch();
                update.executeBatch();
            }
            return null;
        });
    }

    /** {@code ?from=&to=} (ISO dates or instants; default the last 30 days), {@code by=day,commune,service}, {@code format=csv}. */
    private Response analytics(Request request) {
        Instant to = instant(request.queryParameter("to").orElse(null), clock.instant().plusSeconds(1), "to");
        Instant from = instant(request.queryParameter("from").orElse(null), to.minus(Duration.ofDays(30)), "from");
        if (!from.isBefore(to) || Duration.between(from, to).compareTo(MAX_ANALYTICS_RANGE) > 0) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "from must be before to, at most 366 days apart");
        }
        Set<String> by = new LinkedHashSet<>(Arrays.asList(request.queryParameter("by").orElse("day").split(",")));
        by.remove("");
        if (!Analytics.DIMENSIONS.containsAll(by)) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "by: a comma list of day, commune, service");
        }
        List<Analytics.Figures> figures = analytics.figures(from, to, by);
        if (!"csv".equals(request.queryParameter("format").orElse("json"))) {
            return Response.ok(figures);
        }
        StringBuilder csv = new StringBuilder(Analytics.Figures.CSV_HEADER).append("\r\n");
        figures.forEach(row -> csv.append(row.csv()).append("\r\n"));
        return new Response(HttpResponseStatus.OK, "text/csv; charset=utf-8", csv.toString().getBytes(StandardCharsets.UTF_8))
                .withHeader("Content-Disposition", "attachment; filename=\"usage.csv\"");
    }

    private static Instant instant(String text, Instant fallback, String name) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return text.length() == 10
                    ? java.time.LocalDate.parse(text).atStartOfDay(Analytics.VIETNAM).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST,
                    name + ": a date (2026-11-23) or an instant (2026-11-23T08:00:00Z), not " + text);
        }
    }
}
