package vn.p06.kiosk.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.catalog.CatalogException;
import vn.p06.kiosk.catalog.CatalogLoader;
import vn.p06.kiosk.telemetry.Backoff;
import vn.p06.protocol.Body;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.content.ContentKey;
import vn.p06.protocol.content.ContentPaths;
import vn.p06.protocol.content.ManifestCodec;
import vn.p06.protocol.content.ReleaseManifest;

/**
 * Brings the kiosk to the release its desired state names: manifest and signature first (checked
 * against the desired hash and the pinned key before they are parsed), then the blobs it lacks,
 * then an atomic activation, reporting each phase as reported state. A failure leaves the active
 * release untouched and reports the reason. All work runs on one worker thread of its own (downloads
 * block for minutes); a newer desired state stops a download in progress at the next chunk.
 */
public final class ContentSync implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ContentSync.class);
    private static final int SIGNATURE_MAX_BYTES = 1024;
    static final String NO_KEY = "no content key is pinned in this kiosk's enrollment bundle: re-enroll it to receive releases";

    /**
     * @param stallTimeout   a download that receives nothing this long is dropped and resumed
     * @param attempts       tries per file without any progress before the release fails
     * @param marginBytes    kept free on the disk beyond what the release needs (the outbox, logs)
     * @param retryAfter     when a release failed on the link, the next whole attempt
     * @param reportInterval downloading progress is reported at most this often, or every 5 %
     */
    public record Tuning(Duration requestTimeout, Duration stallTimeout, int attempts, Duration backoffInitial,
                         Duration backoffMax, long marginBytes, Duration retryAfter, Duration reportInterval) {
        public Tuning {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be >= 1: " + attempts);
            }
            new Backoff(backoffInitial, backoffMax, new Random(0));
        }

        /** 6 tries per file with 1–60 s backoff, 60 s stall, 64 MiB margin, a failed release again after 10 min. */
        public static Tuning defaults() {
            return new Tuning(Duration.ofSeconds(30), Duration.ofSeconds(60), 6, Duration.ofSeconds(1), Duration.ofSeconds(60),
                    64L << 20, Duration.ofMinutes(10), Duration.ofSeconds(2));
        }
    }

    private final String kioskId;
    private final ContentStore store;
    private final ContentClient client;
    private final Optional<PublicKey> key;
    private final DiskSpace disk;
    private final Consumer<Body.ReportedState> reports;
    private final Clock clock;
    private final Tuning tuning;
    private final ScheduledExecutorService worker;
    private final List<Consumer<ActiveRelease>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<Body.DesiredState> wanted = new AtomicReference<>();
    private volatile Optional<ActiveRelease> active;
    /** Worker thread only: the desired state last finished (done or refused) and what was reported for it. */
    private Body.DesiredState finished;
    private Body.ReportedState finalReport;

    ContentSync(String kioskId, ContentStore store, ContentClient client, Optional<PublicKey> key, DiskSpace disk,
                Consumer<Body.ReportedState> reports, Clock clock, Tuning tuning) {
        this.kioskId = Objects.requireNonNull(kioskId);
        this.store = Objects.requireNonNull(store);
        this.client = Objects.requireNonNull(client);
        this.key = Objects.requireNonNull(key);
        this.disk = Objects.requireNonNull(disk);
        this.reports = Objects.requireNonNull(reports);
        this.clock = Objects.requireNonNull(clock);
        this.tuning = Objects.requireNonNull(tuning);
        this.active = store.active();
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "content-sync-" + kioskId);
            thread.setDaemon(true);
            return thread;
        });
        active.ifPresent(r -> log.info("kiosk {}: content release {} active", kioskId, r.name()));
    }

    /**
     * Content sync for an enrolled kiosk, its store in {@code dir}. Without a content key in the
     * bundle every release is refused with {@link #NO_KEY}.
     */
    public static ContentSync open(EnrollmentBundle bundle, Path dir, Consumer<Body.ReportedState> reports,
                                   Clock clock, Tuning tuning) throws IOException {
        ContentStore store = ContentStore.open(dir);
        HttpClient http = HttpClient.newBuilder().connectTimeout(tuning.requestTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        Optional<PublicKey> key = Optional.ofNullable(bundle.contentPublicKey()).map(ContentKey::decodePublicKey);
        return new ContentSync(bundle.kioskId(), store, new ContentClient(http, bundle.fleetUrl(), tuning.requestTimeout(), tuning.stallTimeout()),
                key, DiskSpace.of(store.root()), reports, clock, tuning);
    }

    /** The release the UI should play now; empty until the first activation. */
    public Optional<ActiveRelease> active() {
        return active;
    }

    /** Called on the sync thread after each activation (the catalog, the attract loop follow it). */
    public void onActivated(Consumer<ActiveRelease> listener) {
        listeners.add(listener);
    }

    /** Takes the latest desired state; returns at once, the work happens on the sync thread. */
    public void desired(Body.DesiredState desired) {
        wanted.set(Objects.requireNonNull(desired));
        submit(this::sync, 0);
    }

    /**
     * Tries the latest desired state again now, even one that failed (the remote
     * {@code refresh-content} command, after IT staff fixed the cause).
     *
     * @return what is being done, for the command's acknowledgement
     */
    public String refresh() {
        Body.DesiredState desired = wanted.get();
        if (desired == null) {
            throw new IllegalStateException("no release has been assigned to this kiosk yet");
        }
        submit(() -> {
            finished = null;
            sync();
        }, 0);
        return "checking release " + desired.release() + " again";
    }

    @Override
    public void close() {
        worker.shutdownNow();
        client.close();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sync() {
        Body.DesiredState desired = wanted.get();
        if (desired == null) {
            return;
        }
        if (desired.equals(finished)) {
            // The retained desired state again (every reconnect): say where we are, do not redo it.
            reports.accept(finalReport);
            return;
        }
        String activeName = active.map(ActiveRelease::name).orElse(null);
        if (desired.release() == null || desired.release().equals(activeName)) {
            finish(desired, report(desired, null, 100, null, Body.ContentPhase.ACTIVE));
            return;
        }
        try {
            apply(desired);
        } catch (CancellationException e) {
            log.info("kiosk {}: release {} superseded by {}", kioskId, desired.release(), wanted.get().release());
        } catch (ContentException e) {
            refuse(desired, e.getMessage());
        } catch (IOException e) {
            refuse(desired, "download failed: " + e.getMessage());
            // The link may come back: try the same release again later unless a newer one came.
            submit(() -> {
                if (desired.equals(wanted.get()) && desired.equals(finished)) {
                    finished = null;
                    sync();
                }
            }, tuning.retryAfter().toMillis());
        } catch (UncheckedIOException e) {
            // The store's disk failed under us (read-only, gone): say so rather than go quiet.
            refuse(desired, "content store error: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void apply(Body.DesiredState desired) throws IOException, ContentException, InterruptedException {
        String release = desired.release();
        if (key.isEmpty()) {
            throw new ContentException(NO_KEY);
        }
        report(desired, release, 0, null, Body.ContentPhase.PENDING);
        ReleaseManifest manifest = manifest(desired, key.get());
        long needed = store.bytesNeeded(manifest);
        long free = disk.usableBytes();
        if (needed + tuning.marginBytes() > free) {
            throw new ContentException(String.format(java.util.Locale.ROOT, "disk would overflow: need %d MB, free %d MB",
                    megabytes(needed + tuning.marginBytes()), free >> 20));
        }
        download(desired, manifest, needed);
        report(desired, release, 100, null, Body.ContentPhase.VERIFIED);
        checkCatalog(manifest);
        if (!desired.equals(wanted.get())) {
            throw new CancellationException("superseded before activation");
        }
        store.activate(manifest);
        active = store.active();
        ActiveRelease now = active.orElseThrow(() -> new ContentException("release " + release + " not whole after activation"));
        log.info("kiosk {}: content release {} active ({} blobs)", kioskId, release, manifest.blobs().size());
        for (Consumer<ActiveRelease> listener : listeners) {
            try {
                listener.accept(now);
            } catch (RuntimeException e) {
                log.error("kiosk {}: a listener of release {} failed", kioskId, release, e);
            }
        }
        try {
            long freed = store.collectGarbage();
            log.info("kiosk {}: content garbage collection freed {} bytes", kioskId, freed);
        } catch (IOException | RuntimeException e) {
            // The release is active whatever happens here; the next activation collects again.
            log.warn("kiosk {}: content garbage collection failed: {}", kioskId, e.toString());
        }
        finish(desired, report(desired, null, 100, null, Body.ContentPhase.ACTIVE));
    }

    /** The release's manifest: the stored copy when its hash matches (rollback, restart), else the server's. */
    private ReleaseManifest manifest(Body.DesiredState desired, PublicKey key)
            throws IOException, ContentException, InterruptedException {
        String release = desired.release();
        Optional<byte[]> stored = store.manifestBytes(release)
                .filter(b -> ManifestCodec.sha256Hex(b).equalsIgnoreCase(desired.manifestSha256()));
        byte[] bytes;
        String signature;
        if (stored.isPresent() && store.signature(release).isPresent()) {
            bytes = stored.get();
            signature = store.signature(release).get();
        } else {
            bytes = withRetries(() -> client.get(ContentPaths.manifest(release), ManifestCodec.MAX_BYTES), () -> 0);
            signature = new String(withRetries(() -> client.get(ContentPaths.signature(release), SIGNATURE_MAX_BYTES),
                    () -> 0), StandardCharsets.US_ASCII).strip();
        }
        String sha = ManifestCodec.sha256Hex(bytes);
        if (!sha.equalsIgnoreCase(desired.manifestSha256())) {
            throw new ContentException("manifest of " + release + " has SHA-256 " + sha + ", the desired state says "
                    + desired.manifestSha256());
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new ContentException("signature of " + release + " is not Base64");
        }
        if (!ContentKey.verify(key, bytes, sig)) {
            throw new ContentException("signature of " + release + " does not verify against the pinned content key");
        }
        ReleaseManifest manifest;
        try {
            manifest = ManifestCodec.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new ContentException(e.getMessage());
        }
        if (!manifest.release().equals(release)) {
            throw new ContentException("manifest is of release " + manifest.release() + ", the desired state names " + release);
        }
        store.saveRelease(release, bytes, signature);
        return manifest;
    }

    private void download(Body.DesiredState desired, ReleaseManifest manifest, long needed)
            throws IOException, ContentException, InterruptedException {
        Progress progress = new Progress(desired, needed);
        for (ReleaseManifest.Blob blob : manifest.blobs()) {
            if (store.hasBlob(blob)) {
                continue;
            }
            Path part = store.partialPath(blob.sha256());
            withRetries(() -> {
                client.download(blob, part, progress::add, () -> !desired.equals(wanted.get()));
                return null;
            }, () -> progress.done);
            store.commit(blob);
        }
    }

    /** Checked before activation: a release whose catalog the kiosk would refuse is refused whole. */
    private void checkCatalog(ReleaseManifest manifest) throws IOException, ContentException {
        if (manifest.catalogSha256() == null) {
            return;
        }
        try {
            CatalogLoader.parse(Files.readAllBytes(store.blobPath(manifest.catalogSha256())));
        } catch (CatalogException e) {
            throw new ContentException("catalog of release " + manifest.release() + " is invalid: " + e.getMessage());
        }
    }

    private interface Attempt<T> {
        T run() throws IOException, ContentException, InterruptedException;
    }

    /**
     * Runs {@code attempt} until it succeeds, a content failure, or {@code attempts} tries in a row
     * without progress; waits with backoff between tries. A slow link that drops often but gains
     * bytes each time keeps going: {@code progress} rising resets the count.
     */
    private <T> T withRetries(Attempt<T> attempt, LongSupplier progress)
            throws IOException, ContentException, InterruptedException {
        Backoff backoff = new Backoff(tuning.backoffInitial(), tuning.backoffMax(), new Random());
        int failures = 0;
        long mark = progress.getAsLong();
        while (true) {
            try {
                return attempt.run();
            } catch (IOException e) {
                long now = progress.getAsLong();
                if (now > mark) {
                    mark = now;
                    failures = 0;
                    backoff.reset();
                }
                failures++;
                if (failures >= tuning.attempts()) {
                    throw e;
                }
                Duration delay = backoff.nextDelay();
                log.info("kiosk {}: content download: {} (try {} of {}, again in {} ms)", kioskId, e.getMessage(),
                        failures, tuning.attempts(), delay.toMillis());
                Thread.sleep(delay.toMillis());
            }
        }
    }

    private void refuse(Body.DesiredState desired, String reason) {
        log.warn("kiosk {}: release {} refused, {} stays active: {}", kioskId, desired.release(),
                active.map(ActiveRelease::name).orElse("no release"), reason);
        finish(desired, report(desired, desired.release(), 0, reason, Body.ContentPhase.FAILED));
    }

    private void finish(Body.DesiredState desired, Body.ReportedState report) {
        finished = desired;
        finalReport = report;
    }

    private Body.ReportedState report(Body.DesiredState desired, String pending, int percent, String detail,
                                      Body.ContentPhase phase) {
        String reason = detail == null || detail.length() <= 1024 ? detail : detail.substring(0, 1024);
        Body.ReportedState state = new Body.ReportedState(active.map(ActiveRelease::name).orElse(null), pending, percent,
                desired.configVersion(), reason, phase);
        reports.accept(state);
        return state;
    }

    private void submit(Runnable task, long delayMillis) {
        try {
            worker.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("kiosk {}: content sync failed", kioskId, e);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("kiosk {}: content sync closed, desired state ignored", kioskId);
        }
    }

    private static long megabytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    /** Download progress, reported every 5 % or every {@code reportInterval}, not per packet. */
    private final class Progress {
        private final Body.DesiredState desired;
        private final long needed;
        private long done;
        private int lastPercent;
        private long lastReport;

        Progress(Body.DesiredState desired, long needed) {
            this.desired = desired;
            this.needed = needed;
            this.lastReport = clock.millis();
            report(desired, desired.release(), 0, null, Body.ContentPhase.DOWNLOADING);
        }

        void add(long bytes) {
            done += bytes;
            int percent = needed == 0 ? 100 : (int) Math.min(100, done * 100 / needed);
            long now = clock.millis();
            if (percent >= lastPercent + 5 || now - lastReport >= tuning.reportInterval().toMillis()) {
                lastPercent = percent;
                lastReport = now;
                report(desired, desired.release(), percent, null, Body.ContentPhase.DOWNLOADING);
            }
        }
    }
}
