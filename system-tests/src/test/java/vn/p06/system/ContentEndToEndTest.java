package vn.p06.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.p06.fleet.FleetConfig;
import vn.p06.fleet.FleetServer;
import vn.p06.fleet.broker.EmbeddedBroker;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.provisioning.ProvisioningMain;

/**
 * Content from trainer to screen on the real parts: a trainer uploads files to the fleet server
 * over HTTP, publishes a signed release and rolls it out; the real kiosk agent (its own process,
 * enrolled by the provisioning CLI, so it pins the server's content key) downloads, verifies and
 * activates it and the rollout completes. A second release that changes one file moves only that
 * file, and the kiosk keeps the first release as its rollback.
 */
class ContentEndToEndTest {
    private static final String TOKEN = "content-e2e-admin-token-0123";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private FleetServer server;
    private Process kiosk;
    private final HttpClient http = HttpClient.newHttpClient();
    private String fleetUrl;

    @AfterEach
    void stop() throws InterruptedException {
        if (kiosk != null) {
            kiosk.destroyForcibly().waitFor();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aReleaseTravelsFromTheTrainersUploadToTheKioskAndAOneFileChangeMovesOneFile() throws Exception {
        int mqttPort = freePort();
        server = FleetServer.start(new FleetConfig(dir.resolve("fleet"), "127.0.0.1", 0, mqttPort, Optional.empty(),
                EmbeddedBroker.Persistence.FILE, TOKEN, "tcp://127.0.0.1:" + mqttPort, "http://127.0.0.1:0", "content-e2e"),
                Clock.systemUTC());
        fleetUrl = "http://127.0.0.1:" + server.httpPort();
        Path tokenFile = Files.writeString(dir.resolve("admin.token"), TOKEN + "\n");
        // The bundle must name the real HTTP port: the kiosk fetches content from it.
        assertThat(new CommandLine(new ProvisioningMain()).execute("enroll", "--server", fleetUrl,
                "--admin-token-file", tokenFile.toString(), "--commune", "26734", "--count", "1",
                "--out", dir.resolve("bundles").toString())).isZero();
        Path bundleFile = dir.resolve("bundles").resolve(EnrollmentBundle.fileName("26734-001"));
        EnrollmentBundle bundle = EnrollmentBundle.read(bundleFile);
        bundle = new EnrollmentBundle(bundle.kioskId(), bundle.commune(), bundle.mqttUrl(), bundle.mqttUsername(),
                bundle.mqttPassword(), fleetUrl, bundle.contentPublicKey());
        bundle.write(bundleFile);
        kiosk = startKiosk(bundleFile);

        Random random = new Random(7);
        List<String> videos = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            videos.add(upload("huong-dan-" + i + ".mp4", bytes(random, 512 * 1024)));
        }
        json("PUT", "/api/content/playlists/attract", Map.of("items", videos.stream().map(v -> Map.of("sha256", v)).toList()));
        json("POST", "/api/content/releases", Map.of("release", "r1", "playlists", List.of("attract"),
                "tutorials", Map.of("khai-sinh", videos.get(0))));
        json("PUT", "/api/content/groups/xa-26734", Map.of("communes", List.of("26734")));
        long first = json("POST", "/api/content/rollouts", Map.of("release", "r1", "group", "xa-26734", "canary", 1,
                "waves", List.of(100))).get("id").asLong();

        await("rollout r1 completed").atMost(WAIT).until(() -> "completed".equals(rollout(first).get("state").asText()));
        Path store = dir.resolve("kiosk-data").resolve("content");
        assertThat(Files.readString(store.resolve("current")).strip()).isEqualTo("r1");
        assertThat(blobsOnKiosk(store)).hasSize(4);

        // One file of four changes: only that one travels, the kiosk keeps r1 for a rollback.
        videos.set(2, upload("huong-dan-2-moi.mp4", bytes(random, 512 * 1024)));
        json("PUT", "/api/content/playlists/attract", Map.of("items", videos.stream().map(v -> Map.of("sha256", v)).toList()));
        json("POST", "/api/content/releases", Map.of("release", "r2", "playlists", List.of("attract"),
                "tutorials", Map.of("khai-sinh", videos.get(0))));
        JsonNode diff = get("/api/content/releases/r2/diff?from=r1");
        assertThat(diff.get("added")).hasSize(1);
        assertThat(diff.get("bytesToMove").asLong()).isEqualTo(512 * 1024);
        long second = json("POST", "/api/content/rollouts", Map.of("release", "r2", "group", "xa-26734", "canary", 1,
                "waves", List.of(100))).get("id").asLong();

        await("rollout r2 completed").atMost(WAIT).until(() -> "completed".equals(rollout(second).get("state").asText()));
        assertThat(Files.readString(store.resolve("current")).strip()).isEqualTo("r2");
        assertThat(Files.readString(store.resolve("previous")).strip()).isEqualTo("r1");
        // r1's four and r2's new one: both releases stay whole on the kiosk.
        assertThat(blobsOnKiosk(store)).hasSize(5);
    }

    private Process startKiosk(Path bundle) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "vn.p06.kiosk.KioskMain", "--bundle", bundle.toString(), "--health-interval", "5s",
                "--keepalive", "5s", "--data-dir", dir.resolve("kiosk-data").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("kiosk.log").toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return process;
    }

    private static List<Path> blobsOnKiosk(Path store) throws IOException {
        try (Stream<Path> files = Files.walk(store.resolve("blobs"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static byte[] bytes(Random random, int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return data;
    }

    /** The trainer's resumable upload in two pieces; returns the blob's hash. */
    private String upload(String name, byte[] data) throws Exception {
        JsonNode created = json("POST", "/api/content/uploads", Map.of("name", name, "size", data.length));
        String path = "/api/content/uploads/" + created.get("id").asText();
        int half = data.length / 2;
        HttpResponse<String> part = send(request(path).header("Upload-Offset", "0")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(data, 0, half)));
        assertThat(part.statusCode()).as(part.body()).isEqualTo(204);
        HttpResponse<String> last = send(request(path).header("Upload-Offset", Integer.toString(half))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(data, half, data.length - half)));
        assertThat(last.statusCode()).as(last.body()).isEqualTo(201);
        return JSON.readTree(last.body()).get("sha256").asText();
    }

    private JsonNode rollout(long id) throws Exception {
        return get("/api/content/rollouts/" + id);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(request(path).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode json(String method, String path, Object body) throws Exception {
        HttpResponse<String> response = send(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 201);
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(fleetUrl + path)).header("Authorization", "Bearer " + TOKEN);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
