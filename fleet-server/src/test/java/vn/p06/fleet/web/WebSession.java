package vn.p06.fleet.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A browser-like HTTP client for the dashboard API: the session cookie by hand, the CSRF token when asked. */
public final class WebSession {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    String cookie;
    String csrf;

    public WebSession(String base) {
        this.base = base;
    }

    public HttpResponse<String> login(String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> response = send("POST", "/api/login",
                JSON.writeValueAsString(java.util.Map.of("username", username, "password", password)), false);
        if (response.statusCode() == 200) {
            cookie = response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            csrf = JSON.readTree(response.body()).get("csrfToken").asText();
        }
        return response;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, false);
    }

    /** A mutation carrying the session's CSRF token, as the pages send it. */
    public HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body, true);
    }

    public HttpResponse<String> send(String method, String path, String body, boolean withCsrf)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (withCsrf && csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
