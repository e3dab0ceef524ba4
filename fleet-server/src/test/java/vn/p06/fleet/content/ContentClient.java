package vn.p06.fleet.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import vn.p06.fleet.TestFleet;
import vn.p06.protocol.content.ManifestCodec;

/** The content REST API as a trainer's tool uses it, over real HTTP on loopback. */
public final class ContentClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    public ContentClient(int port) {
        this.port = port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public HttpResponse<byte[]> send(String method, String path, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + TestFleet.ADMIN_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public JsonNode json(String method, String path, Object body, int expectedStatus)
            throws IOException, InterruptedException {
        byte[] bytes = body == null ? null : body instanceof String s ? s.getBytes() : JSON.writeValueAsBytes(body);
        HttpResponse<byte[]> response = send(method, path, bytes, Map.of("Content-Type", "application/json"));
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(expectedStatus);
        return response.body().length == 0 ? null : JSON.readTree(response.body());
    }

    /** Creates an upload and sends all bytes in one PATCH; returns the stored blob's JSON. */
    public JsonNode upload(String name, byte[] bytes) throws IOException, InterruptedException {
        JsonNode created = json("POST", "/api/content/uploads",
                Map.of("name", name, "size", bytes.length, "sha256", ManifestCodec.sha256Hex(bytes)), 201);
        HttpResponse<byte[]> done = send("PATCH", "/api/content/uploads/" + created.get("id").asText(), bytes,
                Map.of("Upload-Offset", "0", "Content-Type", "application/offset+octet-stream"));
        assertThat(done.statusCode()).as(new String(done.body())).isEqualTo(201);
        return JSON.readTree(done.body());
    }

    /** A playlist of the given blobs (videos, no seconds) in order. */
    public void playlist(String name, java.util.List<String> hashes) throws IOException, InterruptedException {
        var items = hashes.stream().map(sha -> Map.of("sha256", sha)).toList();
        json("PUT", "/api/content/playlists/" + name, Map.of("items", items), 200);
    }

    public JsonNode release(String name, String playlist) throws IOException, InterruptedException {
        return json("POST", "/api/content/releases", Map.of("release", name, "playlists", java.util.List.of(playlist)),
                201);
    }
}
