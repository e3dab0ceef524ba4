package vn.p06.fleet.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.TestFleet;
import vn.p06.protocol.content.ContentKey;
import vn.p06.protocol.content.ContentPaths;
import vn.p06.protocol.content.ManifestCodec;
import vn.p06.protocol.content.ReleaseManifest;

/** Releases: signed with the key enrollment pins, immutable, and minimal in what they change. */
class ReleaseTest {
    @TempDir
    static Path dataDir;
    static TestFleet fleet;
    static ContentClient content;
    static List<String> videos = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        fleet = TestFleet.start(dataDir);
        content = new ContentClient(fleet.server.httpPort());
        for (int i = 0; i < 20; i++) {
            videos.add(content.upload("service-" + i + ".mp4", UploadTest.randomBytes(4096 + i, 100 + i))
                    .get("sha256").asText());
        }
        content.playlist("tutorials", videos);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void aReleaseVerifiesWithTheKeyEnrollmentGivesKiosks() throws Exception {
        HttpResponse<String> enrolled = fleet.admin("PUT", "/api/admin/kiosks/00004-001",
                "{\"commune\":\"00004\",\"secret\":\"s3cret-s3cret-s3cret\"}");
        PublicKey pinned = ContentKey.decodePublicKey(
                ContentClient.JSON.readTree(enrolled.body()).get("contentPublicKey").asText());
        JsonNode catalog = content.upload("services.json", "{\"services\":[]}".getBytes(StandardCharsets.UTF_8));
        content.json("POST", "/api/content/releases", Map.of("release", "signed-1", "playlists", List.of("tutorials"),
                "catalogSha256", catalog.get("sha256").asText(), "tutorials", Map.of("khai-sinh", videos.get(3))), 201);

        byte[] manifest = fleet.get(ContentPaths.manifest("signed-1")).body().getBytes(StandardCharsets.UTF_8);
        byte[] signature = Base64.getDecoder().decode(fleet.get(ContentPaths.signature("signed-1")).body().strip());

        assertThat(ContentKey.verify(pinned, manifest, signature)).isTrue();
        ReleaseManifest parsed = ManifestCodec.parse(manifest);
        assertThat(parsed.blobs()).hasSize(21);
        assertThat(parsed.tutorials()).containsEntry("khai-sinh", videos.get(3));
        assertThat(parsed.playlist("tutorials").orElseThrow().items()).extracting(ReleaseManifest.Item::sha256)
                .containsExactlyElementsOf(videos);
        byte[] tampered = manifest.clone();
        tampered[tampered.length / 2] ^= 1;
        assertThat(ContentKey.verify(pinned, tampered, signature)).isFalse();
    }

    @Test
    void aReleaseNeverChanges() throws Exception {
        content.release("fixed-1", "tutorials");
        HttpResponse<byte[]> again = content.send("POST", "/api/content/releases",
                ContentClient.JSON.writeValueAsBytes(Map.of("release", "fixed-1", "playlists", List.of("tutorials"))),
                Map.of());
        assertThat(again.statusCode()).isEqualTo(409);

        HttpResponse<String> first = fleet.get(ContentPaths.manifest("fixed-1"));
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo("\"" + ManifestCodec.sha256Hex(first.body().getBytes(StandardCharsets.UTF_8)) + "\"");
        HttpResponse<byte[]> conditional = content.send("GET", ContentPaths.manifest("fixed-1"), null,
                Map.of("If-None-Match", etag));
        assertThat(conditional.statusCode()).isEqualTo(304);
        assertThat(conditional.body()).isEmpty();
    }

    @Test
    void changingOneVideoOfTwentyMovesOnlyThatBlob() throws Exception {
        JsonNode before = content.release("one-of-20-a", "tutorials");
        String replacement = content.upload("service-7-v2.mp4", UploadTest.randomBytes(5000, 999)).get("sha256").asText();
        List<String> changed = new ArrayList<>(videos);
        changed.set(7, replacement);
        content.playlist("tutorials-v2", changed);
        JsonNode after = content.release("one-of-20-b", "tutorials-v2");

        JsonNode diff = content.json("GET", "/api/content/releases/one-of-20-b/diff?from=one-of-20-a", null, 200);

        assertThat(diff.get("added")).hasSize(1);
        assertThat(diff.get("added").get(0).get("sha256").asText()).isEqualTo(replacement);
        assertThat(diff.get("removed")).hasSize(1);
        assertThat(diff.get("removed").get(0).asText()).isEqualTo(videos.get(7));
        assertThat(diff.get("bytesToMove").asLong()).isEqualTo(5000);
        assertThat(after.get("totalBytes").asLong()).isEqualTo(before.get("totalBytes").asLong() - (4096 + 7) + 5000);
    }

    @Test
    void aPlaylistNamingAnUnknownBlobOrAnImageWithoutSecondsIsRefused() throws Exception {
        HttpResponse<byte[]> unknown = content.send("PUT", "/api/content/playlists/bad", ContentClient.JSON
                .writeValueAsBytes(Map.of("items", List.of(Map.of("sha256", "cd".repeat(32))))), Map.of());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(new String(unknown.body())).contains("not an uploaded blob");

        HttpResponse<byte[]> badWindow = content.send("PUT", "/api/content/playlists/office-hours", ContentClient.JSON
                .writeValueAsBytes(Map.of("items", List.of(Map.of("sha256", videos.get(0))),
                        "schedule", List.of(Map.of("from", "17:00", "to", "07:30")))), Map.of());
        assertThat(badWindow.statusCode()).isEqualTo(400);

        content.json("PUT", "/api/content/playlists/office-hours", Map.of("items", List.of(Map.of("sha256", videos.get(0))),
                "schedule", List.of(Map.of("days", List.of(1, 2, 3, 4, 5), "from", "07:30", "to", "17:00"))), 200);
        assertThat(content.json("GET", "/api/content/playlists/office-hours", null, 200).get("schedule").get(0)
                .get("from").asText()).isEqualTo("07:30");
    }
}
