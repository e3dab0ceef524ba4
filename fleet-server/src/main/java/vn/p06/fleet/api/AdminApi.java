package vn.p06.fleet.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.regex.Pattern;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.http.Response;
import vn.p06.fleet.http.Router;
import vn.p06.fleet.registry.KioskRegistry;
import vn.p06.fleet.store.KioskRecord;
import vn.p06.fleet.store.KioskRepository;
import vn.p06.protocol.Topics;

/**
 * Enrollment endpoints used by the provisioning CLI, guarded by the admin bearer token.
 * (Dashboard users and roles come with the dashboard.)
 */
public final class AdminApi {
    private static final Pattern COMMUNE = Pattern.compile("\\d{5}");

    private final KioskRegistry registry;
    private final byte[] adminToken;
    private final String kioskMqttUrl;
    private final String kioskFleetUrl;

    /**
     * @param kioskMqttUrl  the broker address kiosks are told to use
     * @param kioskFleetUrl the HTTP address kiosks are told to use
     */
    public AdminApi(KioskRegistry registry, String adminToken, String kioskMqttUrl, String kioskFleetUrl) {
        this.registry = registry;
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.kioskMqttUrl = kioskMqttUrl;
        this.kioskFleetUrl = kioskFleetUrl;
    }

    public void register(Router router) {
        router.get("/api/admin/kiosks/{id}", guarded(this::get))
              .put("/api/admin/kiosks/{id}", guarded(this::enroll))
              .post("/api/admin/kiosks/{id}/revoke", guarded(this::revoke));
    }

    /** The enrollment request: the secret travels once, and is stored only as a hash. */
    record EnrollRequest(String commune, String secret) {
    }

    record EnrollAnswer(String id, String commune, String mqttUrl, String fleetUrl) {
    }

    private Response get(Request request) {
        KioskRecord kiosk = find(request.pathParameter("id"));
        return Response.ok(Map.of("id", kiosk.id(), "commune", kiosk.commune(), "revoked", kiosk.revoked(),
                "enrolledAt", kiosk.enrolledAt().toString()));
    }

    private Response enroll(Request request) {
        String id = request.pathParameter("id");
        if (!Topics.isValidKioskId(id)) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST,
                    "kiosk id must be lower-case letters, digits and '-', 3 to 63 characters: " + id);
        }
        EnrollRequest body = Response.readJson(request.body(), EnrollRequest.class);
        if (body.commune() == null || !COMMUNE.matcher(body.commune()).matches()) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "commune must be a 5-digit commune code");
        }
        KioskRepository.Enrollment result = registry.enroll(id, body.commune(), body.secret());
        HttpResponseStatus status = result == KioskRepository.Enrollment.CREATED
                ? HttpResponseStatus.CREATED : HttpResponseStatus.OK;
        return Response.json(status, new EnrollAnswer(id, body.commune(), kioskMqttUrl, kioskFleetUrl));
    }

    private Response revoke(Request request) {
        String id = request.pathParameter("id");
        if (!registry.revoke(id)) {
            throw new HttpError(HttpResponseStatus.NOT_FOUND, "no kiosk " + id);
        }
        return Response.ok(Map.of("id", id, "revoked", true));
    }

    private KioskRecord find(String id) {
        return registry.find(id).orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no kiosk " + id));
    }

    private Router.Handler guarded(Router.Handler handler) {
        return request -> {
            String header = request.header("Authorization").orElse("");
            byte[] presented = header.startsWith("Bearer ")
                    ? header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(presented, adminToken)) {
                throw new HttpError(HttpResponseStatus.UNAUTHORIZED, "admin token missing or wrong");
            }
            return handler.handle(request);
        };
    }
}
