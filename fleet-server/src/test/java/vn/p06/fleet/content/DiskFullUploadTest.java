package vn.p06.fleet.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.TestFleet;
import vn.p06.protocol.content.ManifestCodec;

/**
 * A full disk during an upload, for real: the content store sits on a 1 MiB tmpfs (mounting needs
 * root, as CI has; elsewhere the test is skipped). The upload is answered 507 with the offset kept,
 * and continues once there is room.
 */
class DiskFullUploadTest {
    @TempDir
    Path dataDir;
    private Path mount;
    private TestFleet fleet;

    @AfterEach
    void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        if (mount != null) {
            run("umount", mount.toString());
        }
    }

    @Test
    void aFullDiskAnswers507KeepsThePartialAndTheUploadResumesWhenThereIsRoom() throws Exception {
        Path content = Files.createDirectories(dataDir.resolve("content"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", content.toString()),
                "needs root to mount a small tmpfs");
        mount = content;
        fleet = TestFleet.start(dataDir);
        ContentClient client = new ContentClient(fleet.server.httpPort());
        byte[] video = UploadTest.randomBytes(3 * 1024 * 1024, 11);
        JsonNode created = client.json("POST", "/api/content/uploads",
                Map.of("name", "big.mp4", "size", video.length, "sha256", ManifestCodec.sha256Hex(video)), 201);
        String path = "/api/content/uploads/" + created.get("id").asText();

        HttpResponse<byte[]> full = client.send("PATCH", path, video, Map.of("Upload-Offset", "0"));

        assertThat(full.statusCode()).isEqualTo(507);
        assertThat(new String(full.body())).contains("disk full on the server").contains("resume it later");
        long kept = Long.parseLong(full.headers().firstValue("Upload-Offset").orElseThrow());
        assertThat(kept).isBetween(1L, 1024L * 1024);
        HttpResponse<byte[]> head = client.send("HEAD", path, null, Map.of());
        assertThat(head.headers().firstValue("Upload-Offset")).contains(Long.toString(kept));

        assertThat(run("mount", "-o", "remount,size=16m", content.toString())).isTrue();
        HttpResponse<byte[]> done = client.send("PATCH", path, Arrays.copyOfRange(video, (int) kept, video.length),
                Map.of("Upload-Offset", Long.toString(kept)));

        assertThat(done.statusCode()).as(new String(done.body())).isEqualTo(201);
        assertThat(ContentClient.JSON.readTree(done.body()).get("sha256").asText())
                .isEqualTo(ManifestCodec.sha256Hex(video));
    }

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
