package vn.p06.fleet.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.regex.Pattern;
import vn.p06.fleet.audit.AuditLog;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Permission;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.http.Response;
import vn.p06.fleet.http.Router;
import vn.p06.fleet.pki.CertificateApi;
import vn.p06.fleet.pki.FleetCa;
import vn.p06.fleet.registry.KioskRegistry;
import vn.p06.fleet.store.KioskRecord;
import vn.p06.fleet.store.KioskRepository;
import vn.p06.protocol.Topics;
import vn.p06.protocol.tls.Pem;

/** Enrollment endpoints used by the provisioning CLI; they need {@link Permission#ENROLL}. */
public final class AdminApi {
    private static final Pattern COMMUNE = Pattern.compile("\\d{5}");

    private final KioskRegistry registry;
    private final String kioskMqttUrl;
    private final String kioskFleetUrl;
    private final String contentPublicKey;
    private final FleetCa ca;
    private final AuditLog audit;

    /**
     * @param kioskMqttUrl     the broker address kiosks are told to use
     * @param kioskFleetUrl    the HTTP address kiosks are told to use
     * @param contentPublicKey the key releases are signed with, pinned in each kiosk's bundle
     * @param ca               signs the certificate request an enrollment may carry
     * @param audit            enrollments and revocations are mutations: each leaves an entry
     */
    public AdminApi(KioskRegistry registry, String kioskMqttUrl, String kioskFleetUrl, String contentPublicKey,
                    FleetCa ca, AuditLog audit) {
        this.registry = registry;
        this.kioskMqttUrl = kioskMqttUrl;
        this.kioskFleetUrl = kioskFleetUrl;
        this.contentPublicKey = contentPublicKey;
        this.ca = ca;
        this.audit = audit;
    }

    public void register(Router router) {
        router.get("/api/admin/kiosks/{id}", Permission.ENROLL, this::get)
              .put("/api/admin/kiosks/{id}", Permission.ENROLL, this::enroll)
              .post("/api/admin/kiosks/{id}/revoke", Permission.ENROLL, this::revoke);
    }

    /**
     * The enrollment request: the secret travels once, and is stored only as a hash.
     *
     * @param certificateRequest optional PKCS#10 PEM made by provisioning with the kiosk's own key
     */
    record EnrollRequest(String commune, String secret, String certificateRequest) {
    }

    /**
     * @param contentPublicKey the key the kiosk pins for content releases
     * @param certificate      the signed kiosk certificate (PEM) and the CA, when a request was sent; else null
     */
    record EnrollAnswer(String id, String commune, String mqttUrl, String fleetUrl, String contentPublicKey,
                        String certificate, String caCertificate) {
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
        // Checked before anything is stored, so that a bad request changes nothing.
        if (body.certificateRequest() != null) {
            CertificateApi.requireSignedRequest(body.certificateRequest());
        }
        KioskRepository.Enrollment result = registry.enroll(id, body.commune(), body.secret());
        HttpResponseStatus status = result == KioskRepository.Enrollment.CREATED
                ? HttpResponseStatus.CREATED : HttpResponseStatus.OK;
        String certificate = body.certificateRequest() == null ? null
                : Pem.encode(ca.issueKiosk(id, body.certificateRequest()));
        audit.record(request.principal().name(), result == KioskRepository.Enrollment.CREATED
                ? "kiosk.enrolled" : "kiosk.credential-replaced", id, "commune " + body.commune());
        return Response.json(status, new EnrollAnswer(id, body.commune(), kioskMqttUrl, kioskFleetUrl,
                contentPublicKey, certificate, certificate == null ? null : ca.certificatePem()));
    }

    private Response revoke(Request request) {
        String id = request.pathParameter("id");
        if (!registry.revoke(id)) {
            throw new HttpError(HttpResponseStatus.NOT_FOUND, "no kiosk " + id);
        }
        audit.record(request.principal().name(), "kiosk.revoked", id, null);
        return Response.ok(Map.of("id", id, "revoked", true));
    }

    private KioskRecord find(String id) {
        return registry.find(id).orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no kiosk " + id));
    }
}
