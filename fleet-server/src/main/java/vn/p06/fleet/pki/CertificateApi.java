package vn.p06.fleet.pki;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import vn.p06.fleet.broker.KioskCredentials;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.http.Response;
import vn.p06.fleet.http.Router;
import vn.p06.protocol.Topics;
import vn.p06.protocol.tls.Pem;

/**
 * {@code POST /api/kiosk/certificate}: a kiosk renews its own certificate while it stays connected.
 * It sends a certificate request for a key it just made, authenticated with its enrollment
 * password (HTTP Basic, kiosk id and secret, over HTTPS); the answer is the new certificate and the
 * CA. The old certificate stays valid until it expires or the kiosk is revoked, so the kiosk
 * writes its new bundle and reconnects when it likes: no moment without a working credential.
 * <p>
 * The route is public to the router (no admin token or dashboard session); the handler checks the
 * kiosk's own credential, the same Argon2id check the broker does, once per renewal.
 */
public final class CertificateApi {
    public static final String PATH = "/api/kiosk/certificate";
    /** The fleet CA's CRL as PEM; public, as CRLs are (signed by the CA, nothing secret in them). */
    public static final String CRL_PATH = "/api/pki/crl";

    private final KioskCredentials credentials;
    private final FleetCa ca;

    public CertificateApi(KioskCredentials credentials, FleetCa ca) {
        this.credentials = credentials;
        this.ca = ca;
    }

    public void register(Router router) {
        router.post(PATH, this::renew);
        router.get(CRL_PATH, request -> Response.text("application/x-pem-file",
                Pem.encode(ca.crl()).getBytes(StandardCharsets.US_ASCII)));
    }

    record RenewRequest(String certificateRequest) {
    }

    record RenewAnswer(String id, String certificate, String caCertificate) {
    }

    private Response renew(Request request) {
        String kioskId = authenticatedKiosk(request);
        RenewRequest body = Response.readJson(request.body(), RenewRequest.class);
        if (body.certificateRequest() == null) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "certificateRequest (PKCS#10 PEM) is required");
        }
        requireSignedRequest(body.certificateRequest());
        String certificate = Pem.encode(ca.issueKiosk(kioskId, body.certificateRequest()));
        return Response.ok(new RenewAnswer(kioskId, certificate, ca.certificatePem()));
    }

    /** 400 with the reason unless the text is a PEM certificate request with a valid self-signature. */
    public static void requireSignedRequest(String requestPem) {
        try {
            FleetCa.verifiedKey(Pem.certificationRequest(requestPem));
        } catch (IllegalArgumentException e) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "certificateRequest: " + e.getMessage());
        }
    }

    private String authenticatedKiosk(Request request) {
        String header = request.header("Authorization").orElse("");
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new HttpError(HttpResponseStatus.UNAUTHORIZED, "kiosk id and secret (HTTP Basic) are required");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).strip());
        } catch (IllegalArgumentException e) {
            throw new HttpError(HttpResponseStatus.UNAUTHORIZED, "malformed Basic credentials");
        }
        int colon = indexOf(decoded, (byte) ':');
        String kioskId = colon < 0 ? "" : new String(decoded, 0, colon, StandardCharsets.UTF_8);
        if (!Topics.isValidKioskId(kioskId)) {
            throw new HttpError(HttpResponseStatus.UNAUTHORIZED, "malformed Basic credentials");
        }
        byte[] secret = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
        try {
            KioskCredentials.Verdict verdict = credentials.verify(kioskId, secret);
            if (verdict != KioskCredentials.Verdict.ACCEPTED) {
                throw new HttpError(verdict == KioskCredentials.Verdict.REVOKED ? HttpResponseStatus.FORBIDDEN
                        : HttpResponseStatus.UNAUTHORIZED, "kiosk credentials refused");
            }
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(decoded, (byte) 0);
        }
        return kioskId;
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
