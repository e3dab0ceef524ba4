package vn.p06.provisioning;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet server's admin HTTP API as the CLI uses it. One instance per CLI run: the
 * {@link HttpClient} keeps the connection open across the hundreds of calls of a CSV run.
 */
final class FleetClient {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(FleetClient.class);
    // Unknown fields are ignored: the server may add fields without breaking deployed CLIs.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** {@code GET /api/admin/kiosks/{id}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record KioskStatus(String id, String commune, boolean revoked, String enrolledAt) {
    }

    /** {@code GET /api/kiosks?commune=} element. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record KioskSummary(String id, String commune) {
    }

    /**
     * {@code PUT /api/admin/kiosks/{id}} answer: the addresses the kiosk must use, the content key
     * it pins (null from servers without content) and, when the request carried a certificate
     * request, the kiosk's certificate and the fleet CA (PEM).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Registration(String id, String commune, String mqttUrl, String fleetUrl, String contentPublicKey,
                        String certificate, String caCertificate) {
    }

    /** PUT result plus whether the server created the kiosk (201) or replaced its credential (200). */
    record PutResult(Registration registration, boolean created) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Revocation(String id, boolean revoked) {
    }

    private record PutBody(String commune, String secret, String certificateRequest) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record ErrorBody(String error) {
    }

    private final URI base;
    private final String adminToken;
    private final HttpClient http;

    FleetClient(URI server, String adminToken) {
        this(server, adminToken, null);
    }

    /** @param tls trusts the fleet CA for an https:// server; null for the JDK's default trust */
    FleetClient(URI server, String adminToken, SSLContext tls) {
        String s = server.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.adminToken = adminToken;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                // Plain HTTP/1.1: no h2c upgrade dance with every first request.
                .version(HttpClient.Version.HTTP_1_1)
                // Never follow redirects: the bearer token must not travel to another host.
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    URI base() {
        return base;
    }

    Optional<KioskStatus> kiosk(String kioskId) throws FleetException {
        HttpResponse<String> r = send(admin("/kiosks/" + kioskId).GET(), null);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(expect(r, Set.of(200), null), KioskStatus.class));
    }

    List<KioskSummary> kiosksOfCommune(String commune) throws FleetException {
        HttpRequest.Builder b = request("/api/kiosks?commune=" + commune).GET();
        HttpResponse<String> r = expect(send(b, null), Set.of(200), null);
        JavaType type = JSON.getTypeFactory().constructCollectionType(List.class, KioskSummary.class);
        return parse(r, type);
    }

    /**
     * Creates the kiosk or replaces its credential. The secret goes only into the request body;
     * any error text coming back is scrubbed of it before it can reach a message or a log.
     */
    PutResult put(String kioskId, String commune, String secret, String certificateRequest) throws FleetException {
        String body;
        try {
            body = JSON.writeValueAsString(new PutBody(commune, secret, certificateRequest));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder b = admin("/kiosks/" + kioskId)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> r = expect(send(b, secret), Set.of(200, 201), secret);
        return new PutResult(parse(r, Registration.class), r.statusCode() == 201);
    }

    Optional<Revocation> revoke(String kioskId) throws FleetException {
        HttpResponse<String> r = send(admin("/kiosks/" + kioskId + "/revoke")
                .POST(HttpRequest.BodyPublishers.noBody()), null);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(expect(r, Set.of(200), null), Revocation.class));
    }

    private HttpRequest.Builder admin(String path) {
        return request("/api/admin" + path);
    }

    /** Every call carries the admin token: the fleet's read API (/api/kiosks) is guarded too. */
    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + adminToken);
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, String secret) throws FleetException {
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            log.debug("{} {} -> {}", request.method(), request.uri().getPath(), r.statusCode());
            return r;
        } catch (HttpTimeoutException e) {
            throw new FleetException.Unreachable("fleet server " + base + " did not answer within "
                    + TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new FleetException.Unreachable("cannot reach fleet server " + base + " (" + reason(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException.Unreachable("interrupted while calling " + base, e);
        }
    }

    /** The JDK's ConnectException often has no message; the cause says what happened. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.UnresolvedAddressException) {
                return "unknown host";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e instanceof java.net.ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }

    private static HttpResponse<String> expect(HttpResponse<String> r, Set<Integer> ok, String secret)
            throws FleetException.Rejected {
        if (ok.contains(r.statusCode())) {
            return r;
        }
        String error = errorText(r.body());
        if (secret != null) {
            error = error.replace(secret, "***");
        }
        throw new FleetException.Rejected(r.statusCode(), error);
    }

    /** The server's {@code {"error":"..."}}, or a short excerpt when a proxy answered with HTML. */
    private static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "(no error text)";
        }
        try {
            ErrorBody e = JSON.readValue(body, ErrorBody.class);
            if (e != null && e.error() != null) {
                return e.error();
            }
        } catch (JsonProcessingException notJson) {
            // fall through to the excerpt
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }

    private static <T> T parse(HttpResponse<String> r, Class<T> type) throws FleetException.Rejected {
        return parse(r, JSON.getTypeFactory().constructType(type));
    }

    private static <T> T parse(HttpResponse<String> r, JavaType type) throws FleetException.Rejected {
        try {
            T value = JSON.readValue(r.body(), type);
            if (value == null) {
                throw new FleetException.Rejected(r.statusCode(), "empty answer where JSON was expected");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new FleetException.Rejected(r.statusCode(), "answer is not the expected JSON: "
                    + e.getOriginalMessage());
        }
    }
}
