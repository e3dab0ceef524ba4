package vn.p06.fleet.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a route returns; the pipeline turns it into a Netty response.
 *
 * @param headers extra response headers (Set-Cookie, ETag, Location …); the pipeline sets
 *                Content-Type, Content-Length and the security headers itself
 */
public record Response(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {

    public Response {
        headers = Map.copyOf(headers);
    }

    public Response(HttpResponseStatus status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    /** The same response with one more header. */
    public Response withHeader(String name, String value) {
        java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, more);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public static Response json(HttpResponseStatus status, Object value) {
        try {
            return new Response(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass(), e);
        }
    }

    public static Response ok(Object value) {
        return json(HttpResponseStatus.OK, value);
    }

    public static Response text(String contentType, byte[] body) {
        return new Response(HttpResponseStatus.OK, contentType, body);
    }

    public static Response error(HttpResponseStatus status, String message) {
        return json(status, Map.of("error", message));
    }

    /** Reads a JSON request body into a type, turning any failure into a 400 with the reason. */
    public static <T> T readJson(byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (java.io.IOException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "bad JSON body: " + message);
        }
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
