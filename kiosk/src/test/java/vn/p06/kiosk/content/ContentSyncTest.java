package vn.p06.kiosk.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.protocol.Body;
import vn.p06.protocol.Body.ContentPhase;
import vn.p06.protocol.content.ContentKey;
import vn.p06.protocol.content.ManifestCodec;

/**
 * Content sync against a real HTTP server on loopback, real Ed25519 keys and real files: the
 * release path a kiosk takes, and every way a release must be refused without touching the one
 * that plays.
 */
class ContentSyncTest {
    static final ContentSync.Tuning FAST = new ContentSync.Tuning(Duration.ofSeconds(10), Duration.ofSeconds(1), 4,
            Duration.ofMillis(10), Duration.ofMillis(50), 0, Duration.ofHours(1), Duration.ofSeconds(2));

    @TempDir
    Path dir;
    ContentServer server;
    final List<Body.ReportedState> reports = new CopyOnWriteArrayList<>();
    final Random random = new Random(42);
    ContentSync sync;
    ContentStore store;

    @BeforeEach
    void setUp() throws IOException {
        server = new ContentServer();
    }

    @AfterEach
    void tearDown() {
        if (sync != null) {
            sync.close();
        }
        server.close();
    }

    ContentSync start(Optional<PublicKey> key, DiskSpace disk) throws IOException {
        store = ContentStore.open(dir.resolve("content"));
        sync = new ContentSync("26734-001", store,
                new ContentClient(HttpClient.newHttpClient(), server.url(), Duration.ofSeconds(10), FAST.stallTimeout()),
                key, disk, reports::add, Clock.systemUTC(), FAST);
        return sync;
    }

    ContentSync start() throws IOException {
        return start(Optional.of(server.key.getPublic()), DiskSpace.of(dir));
    }

    byte[] bytes(int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    Map<String, byte[]> videos(int count, int size) {
        Map<String, byte[]> content = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            content.put("attract-" + i + ".mp4", bytes(size));
        }
        return content;
    }

    /** Sends the desired state and waits until the kiosk reports it done (active) or refused. */
    Body.ReportedState apply(ContentServer.Release release) {
        return apply(release.desired());
    }

    Body.ReportedState apply(Body.DesiredState desired) {
        int from = reports.size();
        sync.desired(desired);
        // stream().skip, not subList: a CopyOnWriteArrayList's subList throws when the sync adds a report meanwhile
        return await().atMost(Duration.ofSeconds(30)).until(() -> reports.stream().skip(from)
                .filter(r -> r.phase() == ContentPhase.ACTIVE || r.phase() == ContentPhase.FAILED)
                .findFirst(), Optional::isPresent).get();
    }

    void assertWhole(ContentServer.Release release) throws IOException {
        assertThat(store.current()).contains(release.manifest().release());
        assertThat(sync.active()).map(ActiveRelease::name).contains(release.manifest().release());
        for (var blob : release.manifest().blobs()) {
            Path file = store.blobPath(blob.sha256());
            assertThat(ContentStore.sha256(file)).isEqualTo(blob.sha256());
        }
    }

    @Test
    void aFirstReleaseIsDownloadedVerifiedActivatedAndReportedActive() throws IOException {
        start();
        Map<String, byte[]> content = videos(3, 200_000);
        content.put("tutorial-residence-temporary.mp4", bytes(50_000));
        content.put("empty.bin", new byte[0]);
        ContentServer.Release r1 = server.publish("2026.11.23-1", content);

        Body.ReportedState last = apply(r1);

        assertThat(last.phase()).isEqualTo(ContentPhase.ACTIVE);
        assertThat(last.activeRelease()).isEqualTo("2026.11.23-1");
        assertThat(last.pendingRelease()).isNull();
        assertThat(reports.stream().map(Body.ReportedState::phase).distinct())
                .containsExactly(ContentPhase.PENDING, ContentPhase.DOWNLOADING, ContentPhase.VERIFIED, ContentPhase.ACTIVE);
        // Throttled: a handful of progress reports for 650 kB in 64 kB chunks, not one per chunk.
        long downloading = reports.stream().filter(r -> r.phase() == ContentPhase.DOWNLOADING).count();
        assertThat(downloading).isBetween(2L, 22L);
        assertThat(reports.stream().filter(r -> r.phase() == ContentPhase.DOWNLOADING).mapToInt(Body.ReportedState::downloadPercent))
                .isSorted();
        assertWhole(r1);
        assertThat(server.blobBytesServed.get()).isEqualTo(r1.manifest().totalBytes());
        assertThat(sync.active().get().tutorial("residence-temporary"))
                .contains(store.blobPath(r1.sha().get("tutorial-residence-temporary.mp4")));
        assertThat(sync.active().get().attract(java.time.LocalDateTime.now())).hasSize(3);
        try (Stream<Path> parts = Files.list(dir.resolve("content/partial"))) {
            assertThat(parts).isEmpty();
        }
    }

    @Test
    void changingOneVideoOfTwentyMovesOnlyThatBlob() throws IOException {
        start();
        Map<String, byte[]> content = videos(20, 100_000);
        ContentServer.Release r1 = server.publish("r1", content);
        assertThat(apply(r1).phase()).isEqualTo(ContentPhase.ACTIVE);
        server.resetCounters();

        Map<String, byte[]> changed = new LinkedHashMap<>(content);
        byte[] newVideo = bytes(100_000);
        changed.put("attract-7.mp4", newVideo);
        ContentServer.Release r2 = server.publish("r2", changed);
        assertThat(apply(r2).phase()).isEqualTo(ContentPhase.ACTIVE);

        assertThat(server.blobBytesServed.get()).isEqualTo(newVideo.length);
        assertThat(server.servedPerBlob).containsOnlyKeys(ManifestCodec.sha256Hex(newVideo));
        assertWhole(r2);
        assertThat(store.previous()).contains("r1");
    }

    @Test
    void aConnectionCutMidBlobResumesFromTheOffset() throws IOException {
        start();
        ContentServer.Release r1 = server.publish("r1", Map.of("attract-0.mp4", bytes(300_000)));
        String sha = r1.sha().get("attract-0.mp4");
        server.cutAfter(sha, 100_000);

        assertThat(apply(r1).phase()).isEqualTo(ContentPhase.ACTIVE);

        assertThat(server.ranges).containsExactly("bytes=100000-");
        assertThat(server.servedOf(sha)).isEqualTo(300_000);
        assertWhole(r1);
    }

    @Test
    void aLinkThatHangsMidBlobIsAbandonedAndResumed() throws IOException {
        start();
        ContentServer.Release r1 = server.publish("r1", Map.of("attract-0.mp4", bytes(300_000)));
        String sha = r1.sha().get("attract-0.mp4");
        server.stallAfter(sha, 70_000);

        assertThat(apply(r1).phase()).isEqualTo(ContentPhase.ACTIVE);

        assertThat(server.ranges).containsExactly("bytes=70000-");
        assertWhole(r1);
    }

    @Test
    void aNewerDesiredStateSupersedesADownloadInProgress() throws IOException {
        start();
        ContentServer.Release r1 = server.publish("r1", Map.of("attract-0.mp4", bytes(300_000)));
        ContentServer.Release r2 = server.publish("r2", Map.of("attract-1.mp4", bytes(50_000)));
        // r1 hangs for ever (longer than the test's stall timeout would matter: r2 arrives first).
        server.stallAfter(r1.sha().get("attract-0.mp4"), 70_000);
        sync.desired(r1.desired());
        await().atMost(Duration.ofSeconds(10)).until(() -> reports.stream().anyMatch(r -> r.phase() == ContentPhase.DOWNLOADING));

        Body.ReportedState last = apply(r2);

        assertThat(last.phase()).isEqualTo(ContentPhase.ACTIVE);
        assertThat(last.activeRelease()).isEqualTo("r2");
        assertThat(reports).noneMatch(r -> r.phase() == ContentPhase.ACTIVE && "r1".equals(r.activeRelease()));
        assertWhole(r2);
    }

    @Test
    void aPartialFileFromAnEarlierRunIsResumedNotRestarted() throws IOException {
        start();
        byte[] video = bytes(300_000);
        ContentServer.Release r1 = server.publish("r1", Map.of("attract-0.mp4", video));
        String sha = r1.sha().get("attract-0.mp4");
        Files.write(store.partialPath(sha), java.util.Arrays.copyOf(video, 123_456));

        assertThat(apply(r1).phase()).isEqualTo(ContentPhase.ACTIVE);

        assertThat(server.ranges).containsExactly("bytes=123456-");
        assertThat(server.servedOf(sha)).isEqualTo(300_000 - 123_456);
        assertWhole(r1);
    }

    /** r1 active; then r2 goes wrong in {@code breakIt}: refused with the reason, r1 stays and plays. */
    void refusedKeepsThePreviousRelease(java.util.function.Consumer<ContentServer.Release> breakIt, String reason)
            throws IOException {
        start();
        ContentServer.Release r1 = server.publish("r1", videos(2, 50_000));
        assertThat(apply(r1).phase()).isEqualTo(ContentPhase.ACTIVE);
        Map<String, byte[]> content = videos(2, 50_000);
        ContentServer.Release r2 = server.publish("r2", content);
        breakIt.accept(r2);

        Body.ReportedState last = apply(r2);

        assertThat(last.phase()).isEqualTo(ContentPhase.FAILED);
        assertThat(last.detail()).contains(reason);
        assertThat(last.activeRelease()).isEqualTo("r1");
        assertThat(last.pendingRelease()).isEqualTo("r2");
        assertWhole(r1);
        // Still playable: every item of the attract loop resolves to a verified file.
        assertThat(sync.active().get().attract(java.time.LocalDateTime.now()))
                .allSatisfy(item -> assertThat(sync.active().get().blob(item.sha256())).get().satisfies(p ->
                        assertThat(ContentStore.sha256(p)).isEqualTo(item.sha256())));
        assertEveryBlobMatchesItsName();
    }

    /** The store's invariant: a file under blobs/ is there only with the content its name promises. */
    void assertEveryBlobMatchesItsName() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("content/blobs"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(ContentStore.sha256(file)).isEqualTo(file.getFileName().toString());
            }
        }
    }

    @Test
    void aTamperedBlobIsRefused() throws IOException {
        String[] tampered = new String[1];
        refusedKeepsThePreviousRelease(r2 -> {
            tampered[0] = r2.manifest().blobs().get(1).sha256();
            server.replace(tampered[0], bytes(50_000));
        }, "hash mismatch");
        assertThat(store.blobPath(tampered[0])).doesNotExist();
        assertThat(store.partialPath(tampered[0])).doesNotExist();
    }

    @Test
    void aTruncatedBlobIsRefused() throws IOException {
        refusedKeepsThePreviousRelease(r2 -> {
            String sha = r2.manifest().blobs().get(0).sha256();
            server.replace(sha, new byte[25_000]);
        }, "is 25000 bytes on the server, the manifest says 50000");
    }

    @Test
    void aBadSignatureIsRefused() throws IOException {
        refusedKeepsThePreviousRelease(r2 -> {
            byte[] otherKeySig = ContentKey.sign(ContentKey.generate().getPrivate(),
                    ManifestCodec.toJson(r2.manifest()));
            server.signature("r2", java.util.Base64.getEncoder().encodeToString(otherKeySig));
        }, "does not verify against the pinned content key");
        assertThat(server.blobBytesServed.get()).as("no blob fetched for an unsigned release")
                .isEqualTo(100_000);
    }

    @Test
    void aManifestOtherThanTheDesiredHashIsRefused() throws IOException {
        start();
        ContentServer.Release r1 = server.publish("r1", videos(1, 10_000));
        assertThat(apply(r1).phase()).isEqualTo(ContentPhase.ACTIVE);
        ContentServer.Release r2 = server.publish("r2", videos(1, 10_000));
        Body.DesiredState wrong = new Body.DesiredState("r2", "0".repeat(64), 1);

        Body.ReportedState last = apply(wrong);

        assertThat(last.phase()).isEqualTo(ContentPhase.FAILED);
        assertThat(last.detail()).contains("manifest of r2 has SHA-256 " + r2.desired().manifestSha256());
        assertThat(last.activeRelease()).isEqualTo("r1");
        assertWhole(r1);
    }

    @Test
    void aDiskThatWouldOverflowStopsTheDownloadBeforeWritingAByte() throws IOException {
        start(Optional.of(server.key.getPublic()), new DiskSpace.Simulated(dir, 2L << 20));
        ContentServer.Release big = server.publish("big", videos(3, 1 << 20));

        Body.ReportedState last = apply(big);

        assertThat(last.phase()).isEqualTo(ContentPhase.FAILED);
        assertThat(last.detail()).isEqualTo("disk would overflow: need 3 MB, free 1 MB");
        assertThat(server.blobBytesServed.get()).isZero();
        assertThat(sync.active()).isEmpty();
        try (Stream<Path> files = Files.walk(dir.resolve("content/blobs")); Stream<Path> parts = Files.list(dir.resolve("content/partial"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
            assertThat(parts).isEmpty();
        }
    }

    @Test
    void withoutAPinnedKeyEveryReleaseIsRefused() throws IOException {
        start(Optional.empty(), DiskSpace.of(dir));
        ContentServer.Release r1 = server.publish("r1", videos(1, 10_000));

        Body.ReportedState last = apply(r1);

        assertThat(last.phase()).isEqualTo(ContentPhase.FAILED);
        assertThat(last.detail()).isEqualTo(ContentSync.NO_KEY);
        assertThat(server.blobBytesServed.get()).isZero();
    }

    @Test
    void rollingBackToThePreviousReleaseNeedsNoDownload() throws IOException {
        start();
        ContentServer.Release r1 = server.publish("r1", videos(3, 50_000));
        ContentServer.Release r2 = server.publish("r2", videos(3, 50_000));
        apply(r1);
        apply(r2);
        server.resetCounters();
        server.close();

        Body.ReportedState last = apply(r1);

        assertThat(last.phase()).isEqualTo(ContentPhase.ACTIVE);
        assertThat(last.activeRelease()).isEqualTo("r1");
        assertThat(store.previous()).contains("r2");
        assertWhole(r1);
    }

    @Test
    void garbageCollectionKeepsCurrentAndPreviousOnly() throws IOException {
        start();
        ContentServer.Release r1 = server.publish("r1", videos(2, 10_000));
        ContentServer.Release r2 = server.publish("r2", videos(2, 10_000));
        ContentServer.Release r3 = server.publish("r3", videos(2, 10_000));
        apply(r1);
        apply(r2);
        // A stale partial download of something no release wants.
        Files.write(store.partialPath("ab".repeat(32)), new byte[100]);

        apply(r3);

        for (var blob : r1.manifest().blobs()) {
            assertThat(store.blobPath(blob.sha256())).doesNotExist();
        }
        for (var blob : r2.manifest().blobs()) {
            assertThat(store.blobPath(blob.sha256())).exists();
        }
        assertThat(dir.resolve("content/releases/r1")).doesNotExist();
        assertThat(store.partialPath("ab".repeat(32))).doesNotExist();
        assertWhole(r3);
    }

    @Test
    void anInvalidCatalogRefusesTheWholeRelease() throws IOException {
        start();
        ContentServer.Release r1 = server.publish("r1", videos(1, 10_000));
        apply(r1);
        Map<String, byte[]> content = videos(1, 10_000);
        content.put("catalog.json", "{\"not\": \"a catalog\"}".getBytes());
        ContentServer.Release r2 = server.publish("r2", content, "catalog.json");

        Body.ReportedState last = apply(r2);

        assertThat(last.phase()).isEqualTo(ContentPhase.FAILED);
        assertThat(last.detail()).startsWith("catalog of release r2 is invalid");
        assertWhole(r1);
    }

    @Test
    void theRetainedDesiredStateAgainIsAnsweredWithoutRedoingTheWork() throws IOException {
        start();
        ContentServer.Release r1 = server.publish("r1", videos(2, 10_000));
        apply(r1);
        server.resetCounters();
        int before = reports.size();

        Body.ReportedState again = apply(new Body.DesiredState("r1", r1.desired().manifestSha256(), 1));

        assertThat(again.phase()).isEqualTo(ContentPhase.ACTIVE);
        assertThat(reports.subList(before, reports.size())).hasSize(1);
        assertThat(server.blobBytesServed.get()).isZero();
    }
}
