package vn.p06.kiosk.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.protocol.content.ContentKey;

/**
 * Power cuts, as near as a test gets: content sync runs in a child JVM that is SIGKILLed (no
 * shutdown hook, no flush, no finally) at the worst moments; a new JVM on the same directory must
 * come up on a whole release and finish the job without downloading again what it already has.
 */
class PowerCutTest {
    @TempDir
    Path dir;
    ContentServer server;
    final Random random = new Random(7);

    @BeforeEach
    void setUp() throws IOException {
        server = new ContentServer();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    Path content() {
        return dir.resolve("content");
    }

    record Child(Process process, List<String> lines) {
        boolean said(String prefix) {
            return lines.stream().anyMatch(l -> l.startsWith(prefix));
        }
    }

    Child start(ContentServer.Release release, boolean hold) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PowerCutChild.class.getName(), content().toString(), server.url(),
                ContentKey.encodePublicKey(server.key.getPublic()), release.manifest().release(),
                release.desired().manifestSha256(), Boolean.toString(hold))
                .redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The child was killed: its output ends here.
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        return new Child(process, lines);
    }

    void runToEnd(Child child) throws InterruptedException {
        assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).as("child finished: %s", child.lines()).isTrue();
        assertThat(child.process().exitValue()).as("exit of %s", child.lines()).isZero();
    }

    static void kill(Child child) throws InterruptedException {
        child.process().destroyForcibly(); // SIGKILL on Linux
        assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    Map<String, byte[]> videos(String prefix, int count, int size) {
        Map<String, byte[]> content = new java.util.LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            content.put("attract-" + prefix + i + ".mp4", b);
        }
        return content;
    }

    void assertConsistentOn(String release) throws IOException {
        ContentStore store = ContentStore.open(content());
        assertThat(store.current()).contains(release);
        ActiveRelease active = store.active().orElseThrow();
        assertThat(active.name()).isEqualTo(release);
        for (var blob : active.manifest().blobs()) {
            assertThat(ContentStore.sha256(store.blobPath(blob.sha256()))).isEqualTo(blob.sha256());
        }
        try (Stream<Path> files = Files.walk(content().resolve("blobs"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(ContentStore.sha256(file)).isEqualTo(file.getFileName().toString());
            }
        }
    }

    @Test
    void killedBetweenDownloadAndActivationComesBackOnAWholeReleaseAndFinishes() throws Exception {
        ContentServer.Release r1 = server.publish("r1", videos("a", 3, 100_000));
        runToEnd(start(r1, false));
        ContentServer.Release r2 = server.publish("r2", videos("b", 3, 100_000));

        Child doomed = start(r2, true);
        await().atMost(Duration.ofSeconds(60)).until(() -> doomed.said("verified r2"));
        kill(doomed);

        assertConsistentOn("r1");
        server.resetCounters();
        Child again = start(r2, false);
        runToEnd(again);
        assertThat(again.lines()).contains("start r1", "active null 100 r2");
        assertThat(server.blobBytesServed.get()).as("every blob was already verified on disk").isZero();
        assertConsistentOn("r2");
    }

    @Test
    void killedMidDownloadResumesFromThePartialFile() throws Exception {
        ContentServer.Release r1 = server.publish("r1", videos("a", 1, 400_000));
        String sha = r1.manifest().blobs().get(0).sha256();
        server.stallAfter(sha, 150_000);

        Child doomed = start(r1, false);
        Path part = content().resolve("partial").resolve(sha + ".part");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(part) && Files.size(part) == 150_000);
        kill(doomed);

        assertThat(ContentStore.open(content()).active()).isEmpty();
        Child again = start(r1, false);
        runToEnd(again);
        assertThat(again.lines()).contains("start none", "active null 100 r1");
        assertThat(server.ranges).containsExactly("bytes=150000-");
        assertConsistentOn("r1");
    }
}
