package vn.p06.kiosk.content;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import vn.p06.protocol.Body;

/**
 * Benchmark (a main, not a test): content sync against the loopback {@link ContentServer} on this
 * machine's disk — a first release of N videos (download, SHA-256, fsync, activate), a release
 * with one video changed, a rollback, and opening the store as a restart does. Loopback has no
 * bandwidth limit, so this measures the kiosk's own cost per byte (hashing, writing, syncing).
 * <p>
 * {@code ./mvnw -q -o -pl kiosk test-compile exec:java -Dexec.mainClass=vn.p06.kiosk.content.ContentBenchmark
 * -Dexec.classpathScope=test -Dexec.args="20 16"} (videos, MiB each; figures in docs/BENCHMARKS.md)
 */
public final class ContentBenchmark {
    private ContentBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int videos = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path dir = Files.createTempDirectory("content-bench");
        Random random = new Random(1);
        Map<String, byte[]> content = new LinkedHashMap<>();
        for (int i = 0; i < videos; i++) {
            byte[] video = new byte[mib << 20];
            random.nextBytes(video);
            content.put("attract-" + i + ".mp4", video);
        }
        List<Body.ReportedState> reports = new CopyOnWriteArrayList<>();
        try (ContentServer server = new ContentServer()) {
            ContentStore store = ContentStore.open(dir.resolve("content"));
            ContentSync.Tuning tuning = ContentSync.Tuning.defaults();
            try (ContentSync sync = new ContentSync("26734-001", store,
                    new ContentClient(HttpClient.newHttpClient(), server.url(), tuning.requestTimeout(), tuning.stallTimeout()),
                    Optional.of(server.key.getPublic()), DiskSpace.of(dir), reports::add, Clock.systemUTC(), tuning)) {
                ContentServer.Release r1 = server.publish("r1", content);
                long bytes = r1.manifest().totalBytes();
                double first = timed(sync, reports, r1.desired());
                print("first release", bytes, first);
                Map<String, byte[]> changed = new LinkedHashMap<>(content);
                byte[] video = new byte[mib << 20];
                random.nextBytes(video);
                changed.put("attract-3.mp4", video);
                ContentServer.Release r2 = server.publish("r2", changed);
                server.resetCounters();
                double delta = timed(sync, reports, r2.desired());
                print("one video changed", server.blobBytesServed.get(), delta);
                double rollback = timed(sync, reports, r1.desired());
                System.out.printf(Locale.ROOT, "%-22s %8.3f s (no download)%n", "rollback to r1", rollback);
            }
            long t0 = System.nanoTime();
            String active = ContentStore.open(dir.resolve("content")).active().orElseThrow().name();
            System.out.printf(Locale.ROOT, "%-22s %8.3f s (release %s)%n", "open store (restart)",
                    (System.nanoTime() - t0) / 1e9, active);
        }
    }

    private static double timed(ContentSync sync, List<Body.ReportedState> reports, Body.DesiredState desired)
            throws InterruptedException {
        int from = reports.size();
        long t0 = System.nanoTime();
        sync.desired(desired);
        while (reports.stream().skip(from).noneMatch(r -> r.phase() == Body.ContentPhase.ACTIVE
                || r.phase() == Body.ContentPhase.FAILED)) {
            Thread.sleep(5);
        }
        Body.ReportedState last = reports.get(reports.size() - 1);
        if (last.phase() != Body.ContentPhase.ACTIVE) {
            throw new IllegalStateException("release refused: " + last.detail());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void print(String what, long bytes, double seconds) {
        System.out.printf(Locale.ROOT, "%-22s %8.3f s  %7.1f MiB  %7.1f MiB/s%n", what, seconds, bytes / 1048576.0,
                bytes / 1048576.0 / seconds);
    }
}
