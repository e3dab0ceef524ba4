package vn.p06.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fleet server's admin API contract, in memory, on loopback, recording every request.
 * It stores secrets in clear (the real server keeps an Argon2 hash) so tests can compare them
 * with the bundles.
 */
final class TestFleetServer implements AutoCloseable {
    static final String TOKEN = "test-admin-token";
    static final String MQTT_URL = "tcp://127.0.0.1:1883";

    record Request(String method, String path, String query, String authorization, String body) {
    }

    record Kiosk(String id, String commune, String secret, boolean revoked) {
    }

    static {
        // The JDK server writes a response's headers and body separately; without TCP_NODELAY,
        // Nagle waits for the client's delayed ACK (~40 ms) on every request. Read once, when
        // the JDK's server configuration class loads, hence set before the first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KIOSK = Pattern.compile("/api/admin/kiosks/([^/]+)");
    private static final Pattern REVOKE = Pattern.compile("/api/admin/kiosks/([^/]+)/revoke");

    final Map<String, Kiosk> kiosks = new ConcurrentHashMap<>();
    /** Kiosk id -> status the PUT answers with instead of storing, to simulate a refusal. */
    final Map<String, Integer> refusePut = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final HttpServer server;

    private TestFleetServer(HttpServer server) {
        this.server = server;
    }

    static TestFleetServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TestFleetServer fleet = new TestFleetServer(http);
        http.createContext("/", fleet::handle);
        http.start();
        return fleet;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void seed(String id, String commune, String secret, boolean revoked) {
        kiosks.put(id, new Kiosk(id, commune, secret, revoked));
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> requests(String method) {
        return requests().stream().filter(r -> r.method().equals(method)).toList();
    }

    void clearRequests() {
        requests.clear();
    }

    /** Every secret the server was ever sent in a PUT, including replaced ones. */
    List<String> receivedSecrets() {
        List<String> secrets = new ArrayList<>();
        for (Request r : requests("PUT")) {
            try {
                secrets.add(JSON.readTree(r.body()).path("secret").asText());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return secrets;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getQuery();
            requests.add(new Request(method, path, query, ex.getRequestHeaders().getFirst("Authorization"), body));

            if (path.startsWith("/api/admin/")) {
                if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    send(ex, 401, Map.of("error", "admin token required"));
                    return;
                }
                Matcher revoke = REVOKE.matcher(path);
                Matcher kiosk = KIOSK.matcher(path);
                if (revoke.matches() && method.equals("POST")) {
                    revoke(ex, revoke.group(1));
                } else if (kiosk.matches() && method.equals("GET")) {
                    get(ex, kiosk.group(1));
                } else if (kiosk.matches() && method.equals("PUT")) {
                    put(ex, kiosk.group(1), body);
                } else {
                    send(ex, 404, Map.of("error", "no such endpoint"));
                }
            } else if (path.equals("/api/kiosks") && method.equals("GET") && query != null
                    && query.startsWith("commune=")) {
                String commune = query.substring("commune=".length());
                List<Map<String, Object>> list = kiosks.values().stream()
                        .filter(k -> k.commune().equals(commune))
                        .map(k -> Map.<String, Object>of("id", k.id(), "commune", k.commune(),
                                "online", false, "lastSeen", "2026-11-23T10:00:00Z"))
                        .toList();
                send(ex, 200, list);
            } else {
                send(ex, 404, Map.of("error", "no such endpoint"));
            }
        }
    }

    private void get(HttpExchange ex, String id) throws IOException {
        Kiosk k = kiosks.get(id);
        if (k == null) {
            send(ex, 404, Map.of("error", "unknown kiosk " + id));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("commune", k.commune());
        body.put("revoked", k.revoked());
        body.put("enrolledAt", "2026-11-23T10:00:00Z");
        body.put("firmware", "0.1.0"); // a field the CLI does not know: must be ignored
        send(ex, 200, body);
    }

    private void put(HttpExchange ex, String id, String body) throws IOException {
        JsonNode json = JSON.readTree(body);
        String commune = json.path("commune").asText(null);
        String secret = json.path("secret").asText(null);
        if (commune == null || secret == null || secret.length() < 32) {
            send(ex, 400, Map.of("error", "commune and a secret of at least 32 characters are required"));
            return;
        }
        Integer refuse = refusePut.get(id);
        if (refuse != null) {
            send(ex, refuse, Map.of("error", "kiosk " + id + " is locked by the commune office"));
            return;
        }
        boolean existed = kiosks.containsKey(id);
        kiosks.put(id, new Kiosk(id, commune, secret, false));
        send(ex, existed ? 200 : 201, Map.of("id", id, "commune", commune, "mqttUrl", MQTT_URL, "fleetUrl", url()));
    }

    private void revoke(HttpExchange ex, String id) throws IOException {
        Kiosk k = kiosks.computeIfPresent(id, (i, old) -> new Kiosk(i, old.commune(), old.secret(), true));
        if (k == null) {
            send(ex, 404, Map.of("error", "unknown kiosk " + id));
            return;
        }
        send(ex, 200, Map.of("id", id, "revoked", true));
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }
}
