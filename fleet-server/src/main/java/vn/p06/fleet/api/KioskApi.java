package vn.p06.fleet.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Permission;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.http.Response;
import vn.p06.fleet.http.Router;
import vn.p06.fleet.store.KioskRepository;
import vn.p06.fleet.store.TelemetryRepository;

/** Read side of the fleet: kiosks with presence and last health, and health history. */
public final class KioskApi {
    private static final int MAX_SAMPLES = 10_000;

    private final KioskRepository kiosks;
    private final TelemetryRepository telemetry;
    private final Clock clock;

    public KioskApi(KioskRepository kiosks, TelemetryRepository telemetry, Clock clock) {
        this.kiosks = kiosks;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    public void register(Router router) {
        router.get("/api/kiosks", Permission.FLEET_READ, this::list)
              .get("/api/kiosks/{id}", Permission.FLEET_READ, this::get)
              .get("/api/kiosks/{id}/health", Permission.FLEET_READ, this::health);
    }

    private Response list(Request request) {
        return Response.ok(kiosks.list(request.queryParameter("commune")));
    }

    private Response get(Request request) {
        String id = request.pathParameter("id");
        return kiosks.find(id).map(Response::ok)
                .orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no kiosk " + id));
    }

    /** {@code ?from=&to=} as ISO-8601 instants or epoch milliseconds; default the last 24 hours. */
    private Response health(Request request) {
        String id = request.pathParameter("id");
        if (kiosks.find(id).isEmpty()) {
            throw new HttpError(HttpResponseStatus.NOT_FOUND, "no kiosk " + id);
        }
        Instant to = time(request.queryParameter("to"), "to").orElse(clock.instant().plusSeconds(1));
        Instant from = time(request.queryParameter("from"), "from").orElse(to.minus(Duration.ofDays(1)));
        if (!from.isBefore(to)) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "from must be before to");
        }
        return Response.ok(telemetry.health(id, from.toEpochMilli(), to.toEpochMilli(), MAX_SAMPLES));
    }

    private static Optional<Instant> time(Optional<String> value, String name) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get();
        try {
            return Optional.of(text.chars().allMatch(Character::isDigit)
                    ? Instant.ofEpochMilli(Long.parseLong(text))
                    : Instant.parse(text));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST,
                    name + " must be an ISO-8601 instant (2026-11-23T08:00:00Z) or epoch milliseconds: " + text);
        }
    }
}
