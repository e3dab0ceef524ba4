package vn.p06.fleet.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.TestFleet;
import vn.p06.protocol.content.ManifestCodec;

/** Resumable uploads over real HTTP into a real fleet server: drops, offsets, hashes, metadata. */
class UploadTest {
    @TempDir
    static Path dataDir;
    static TestFleet fleet;
    static ContentClient content;

    @BeforeAll
    static void start() throws Exception {
        fleet = TestFleet.start(dataDir);
        content = new ContentClient(fleet.server.httpPort());
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void anUploadCutMidwayResumesFromTheOffsetTheServerKept() throws Exception {
        byte[] video = randomBytes(3 * 1024 * 1024 + 17, 1);
        String sha = ManifestCodec.sha256Hex(video);
        JsonNode created = content.json("POST", "/api/content/uploads",
                Map.of("name", "thu-tuc-khai-sinh.mp4", "size", video.length, "sha256", sha), 201);
        String path = "/api/content/uploads/" + created.get("id").asText();
        int sent = 1024 * 1024 + 5;

        // The whole body is announced, part of it sent, then the link dies (RST, no FIN).
        try (Socket socket = new Socket("127.0.0.1", fleet.server.httpPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestFleet.ADMIN_TOKEN
                    + "\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: "
                    + video.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(video, 0, sent);
            out.flush();
            socket.setSoLinger(true, 0);
        }
        // What reached the server before the reset is on disk; bytes still in flight died with it.
        long kept = offset(path);
        assertThat(kept).isBetween(0L, (long) sent);
        HttpResponse<byte[]> head = content.send("HEAD", path, null, Map.of());
        assertThat(head.headers().firstValue("Upload-Length")).contains(Long.toString(video.length));

        HttpResponse<byte[]> wrongOffset = content.send("PATCH", path, new byte[] {1},
                Map.of("Upload-Offset", Long.toString(video.length - 1)));
        assertThat(wrongOffset.statusCode()).isEqualTo(409);
        assertThat(new String(wrongOffset.body())).contains("HEAD the upload");

        // The uploader's loop: ask for the offset, send the rest from there (a write of the dead
        // connection still in progress makes the offset move once: 409, ask again).
        HttpResponse<byte[]> done = await().atMost(Duration.ofSeconds(10)).until(() -> {
            long from = offset(path);
            return content.send("PATCH", path, java.util.Arrays.copyOfRange(video, (int) from, video.length),
                    Map.of("Upload-Offset", Long.toString(from)));
        }, response -> response.statusCode() != 409);
        assertThat(done.statusCode()).as(new String(done.body())).isEqualTo(201);
        JsonNode blob = ContentClient.JSON.readTree(done.body());
        assertThat(blob.get("sha256").asText()).isEqualTo(sha);
        assertThat(blob.get("size").asLong()).isEqualTo(video.length);
        assertThat(blob.get("name").asText()).isEqualTo("thu-tuc-khai-sinh.mp4");
        assertThat(blob.get("mediaType").asText()).isEqualTo("application/octet-stream");
        assertThat(Files.readAllBytes(dataDir.resolve("content/blobs").resolve(sha.substring(0, 2)).resolve(sha)))
                .isEqualTo(video);
        // The finished upload is gone; the blob is listed.
        assertThat(content.send("HEAD", path, null, Map.of()).statusCode()).isEqualTo(404);
        assertThat(content.json("GET", "/api/content/blobs/" + sha, null, 200).get("size").asLong())
                .isEqualTo(video.length);
    }

    @Test
    void aFinalHashThatDiffersFromTheDeclaredOneIsRefusedAndNotStored() throws Exception {
        byte[] bytes = randomBytes(10_000, 2);
        String claimed = ManifestCodec.sha256Hex(randomBytes(10_000, 3));
        JsonNode created = content.json("POST", "/api/content/uploads",
                Map.of("name", "x.mp4", "size", bytes.length, "sha256", claimed), 201);
        String path = "/api/content/uploads/" + created.get("id").asText();

        HttpResponse<byte[]> done = content.send("PATCH", path, bytes, Map.of("Upload-Offset", "0"));

        assertThat(done.statusCode()).isEqualTo(422);
        assertThat(new String(done.body())).contains("not the declared " + claimed);
        assertThat(content.send("GET", "/api/content/blobs/" + ManifestCodec.sha256Hex(bytes), null, Map.of())
                .statusCode()).isEqualTo(404);
        assertThat(content.send("HEAD", path, null, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void bytesPastTheDeclaredSizeAreRefusedAndWhatCameBeforeIsKept() throws Exception {
        JsonNode created = content.json("POST", "/api/content/uploads", Map.of("name", "y.bin", "size", 100), 201);
        String path = "/api/content/uploads/" + created.get("id").asText();

        HttpResponse<byte[]> tooMuch = content.send("PATCH", path, randomBytes(101, 4), Map.of("Upload-Offset", "0"));

        assertThat(tooMuch.statusCode()).isEqualTo(413);
        assertThat(offset(path)).isZero();
    }

    @Test
    void uploadsNeedTheContentWritePermission() throws Exception {
        HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(content.uri("/api/content/uploads/" + java.util.UUID.randomUUID()))
                        .header("Upload-Offset", "0")
                        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[10])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> anonymousList = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(content.uri("/api/content/blobs")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymousList.statusCode()).isEqualTo(401);
    }

    @Test
    void videosGetTheirDurationImagesAThumbnailAndTheCatalogIsJson() throws Exception {
        JsonNode video = content.upload("intro.mp4", Mp4.withDuration(90_000, 1000));
        assertThat(video.get("mediaType").asText()).isEqualTo("video/mp4");
        assertThat(video.get("durationSeconds").asDouble()).isEqualTo(90.0);

        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(1280, 720,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(picture, "png", png);
        JsonNode image = content.upload("poster.png", png.toByteArray());
        assertThat(image.get("mediaType").asText()).isEqualTo("image/png");
        assertThat(image.get("width").asInt()).isEqualTo(1280);
        assertThat(image.get("hasThumbnail").asBoolean()).isTrue();
        HttpResponse<byte[]> thumbnail = content.send("GET",
                "/api/content/blobs/" + image.get("sha256").asText() + "/thumbnail", null, Map.of());
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(thumbnail.body())).getWidth()).isEqualTo(320);

        JsonNode catalog = content.upload("services.json", "{\"services\":[]}".getBytes(StandardCharsets.UTF_8));
        assertThat(catalog.get("mediaType").asText()).isEqualTo("application/json");

        // Damaged video: stored all the same, duration unknown.
        byte[] broken = java.util.Arrays.copyOf(Mp4.withDuration(5000, 1000), 30);
        JsonNode damaged = content.upload("broken.mp4", broken);
        assertThat(damaged.get("sha256").asText()).isEqualTo(ManifestCodec.sha256Hex(broken));
        assertThat(damaged.has("durationSeconds") && !damaged.get("durationSeconds").isNull()).isFalse();
    }

    @Test
    void declaringAHashTheStoreHasMovesNoBytes() throws Exception {
        byte[] bytes = randomBytes(5000, 5);
        content.upload("once.bin", bytes);

        JsonNode again = content.json("POST", "/api/content/uploads",
                Map.of("name", "twice.bin", "size", bytes.length, "sha256", ManifestCodec.sha256Hex(bytes)), 200);

        assertThat(again.get("id").isNull()).isTrue();
        assertThat(again.get("blob").get("sha256").asText()).isEqualTo(ManifestCodec.sha256Hex(bytes));
    }

    private static long offset(String path) throws Exception {
        HttpResponse<byte[]> head = content.send("HEAD", path, null, Map.of());
        assertThat(head.statusCode()).isEqualTo(200);
        return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
