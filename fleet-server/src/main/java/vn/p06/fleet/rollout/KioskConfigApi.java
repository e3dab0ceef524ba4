package vn.p06.fleet.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.paho.mqttv5.common.MqttException;
import vn.p06.fleet.audit.AuditLog;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Permission;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.http.Response;
import vn.p06.fleet.http.Router;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.KioskRecord;
import vn.p06.fleet.store.KioskRepository;
import vn.p06.fleet.store.Sql;
import vn.p06.protocol.Body;
import vn.p06.protocol.config.ConfigException;
import vn.p06.protocol.config.RemoteConfig;

/**
 * A kiosk's config overlay over REST (docs/KIOSK-CONFIG.md): IT staff set it, it is checked with the
 * kiosk's own rules ({@link RemoteConfig}), kept, audited and published in the desired state; the
 * kiosk's reported state says which version it runs, or why it refused one.
 */
final class KioskConfigApi {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final DesiredStates desired;
    private final KioskConfigs configs;
    private final KioskRepository kiosks;
    private final AuditLog audit;
    private final Database database;

    KioskConfigApi(DesiredStates desired, Database database, KioskRepository kiosks, AuditLog audit) {
        this.desired = desired;
        this.configs = new KioskConfigs(database);
        this.kiosks = kiosks;
        this.audit = audit;
        this.database = database;
    }

    void register(Router router) {
        router.get("/api/kiosks/{id}/config", Permission.FLEET_READ, this::get)
              .put("/api/kiosks/{id}/config", Permission.FLEET_OPERATE, this::put);
    }

    /** What IT staff set and what the kiosk says it runs. */
    record View(String kioskId, Desired desired, Reported reported, List<String> keys) {
    }

    record Desired(long version, Map<String, String> values, Instant updatedAt, String updatedBy) {
    }

    /** @param detail a refusal naming the bad key, "restart needed", or a content failure; may be null */
    record Reported(long version, String detail, Instant receivedAt) {
    }

    private Response get(Request request) {
        return Response.ok(view(kiosk(request).id()));
    }

    private View view(String kioskId) {
        Desired wanted = configs.find(kioskId)
                .map(o -> new Desired(o.version(), new TreeMap<>(o.values()), o.updatedAt(), o.updatedBy()))
                .orElse(null);
        Reported reported = Sql.query(database, "SELECT body, received_at FROM reported_states WHERE kiosk_id = ? "
                        + "ORDER BY kiosk_ts DESC, received_at DESC LIMIT 1",
                statement -> statement.setString(1, kioskId),
                rs -> reported(rs.getString(1), rs.getTimestamp(2).toInstant())).stream().findFirst().orElse(null);
        return new View(kioskId, wanted, reported, RemoteConfig.keys());
    }

    private static Reported reported(String body, Instant receivedAt) {
        try {
            Body.ReportedState state = JSON.readValue(body, Body.ReportedState.class);
            return new Reported(state.configVersion(), state.detail(), receivedAt);
        } catch (java.io.IOException e) {
            // stored by ingest after the codec checked it; unreadable means a bug, not a kiosk's fault
            throw new IllegalStateException("reported state not readable: " + e.getMessage(), e);
        }
    }

    /** The body is the whole overlay: {@code {"kiosk.language": "en", "telemetry.health-interval-seconds": 60}}. */
    private Response put(Request request) {
        KioskRecord kiosk = kiosk(request);
        if (kiosk.revoked()) {
            throw new HttpError(HttpResponseStatus.CONFLICT, "kiosk " + kiosk.id() + " is revoked");
        }
        JsonNode body = Response.readJson(request.body(), JsonNode.class);
        if (!body.isObject()) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "the body must be an object of settings keys and values");
        }
        Map<String, String> given = new LinkedHashMap<>();
        body.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw new HttpError(HttpResponseStatus.BAD_REQUEST, field.getKey() + ": must be text, a number or true/false");
            }
            given.put(field.getKey(), value.asText());
        });
        if (given.size() > Body.DesiredState.MAX_CONFIG_KEYS) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "at most " + Body.DesiredState.MAX_CONFIG_KEYS + " keys");
        }
        Map<String, String> values;
        try {
            values = RemoteConfig.parse(given).asMap(); // the kiosk's own rules, and its spelling of the values
        } catch (ConfigException e) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, String.join("; ", e.problems()));
        }
        String actor = request.principal().name();
        KioskConfigs.Overlay overlay;
        try {
            overlay = desired.publishConfig(kiosk.id(), values, actor);
        } catch (MqttException e) {
            throw new HttpError(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "the broker did not take the new config; nothing changed, try again: " + e.getMessage());
        }
        audit.record(actor, "config.set", kiosk.id(), "version " + overlay.version() + ": " + new TreeMap<>(values));
        return Response.ok(view(kiosk.id()));
    }

    private KioskRecord kiosk(Request request) {
        String id = request.pathParameter("id");
        return kiosks.find(id).orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no kiosk " + id));
    }
}
