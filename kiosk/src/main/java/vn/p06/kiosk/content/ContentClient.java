package vn.p06.kiosk.content;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.p06.protocol.content.ContentPaths;
import vn.p06.protocol.content.ReleaseManifest;

/**
 * The fleet server's content endpoints over {@link HttpClient}. Failures come in two kinds: an
 * {@link IOException} is the link (dropped, refused, stalled, 5xx) and worth another attempt; a
 * {@link ContentException} is the content itself (404, wrong size, another file behind the ETag)
 * and would fail again. HttpClient has no read timeout for a streamed body, so a watchdog closes a
 * download that receives nothing for {@code stallTimeout} (a link that hangs without a FIN is
 * common on rural 3G) or whose release was superseded.
 */
final class ContentClient implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

    private final HttpClient http;
    private final String base;
    private final Duration requestTimeout;
    private final long stallNanos;
    private final ScheduledExecutorService watchdog;

    /**
     * @param fleetUrl       the enrollment bundle's HTTP base, e.g. {@code http://fleet:8080}
     * @param requestTimeout until the response headers arrive
     * @param stallTimeout   a download receiving nothing this long is abandoned (and resumed later)
     */
    ContentClient(HttpClient http, String fleetUrl, Duration requestTimeout, Duration stallTimeout) {
        this.http = http;
        this.base = fleetUrl.endsWith("/") ? fleetUrl.substring(0, fleetUrl.length() - 1) : fleetUrl;
        this.requestTimeout = requestTimeout;
        this.stallNanos = stallTimeout.toNanos();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "content-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    /** A small document (manifest, signature), refused when larger than {@code maxBytes}. */
    byte[] get(String path, int maxBytes) throws IOException, ContentException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request(path).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            int status = response.statusCode();
            if (status != 200) {
                throw refusal(status, path);
            }
            byte[] data = in.readNBytes(maxBytes + 1);
            if (data.length > maxBytes) {
                throw new ContentException(path + " is larger than " + maxBytes + " bytes");
            }
            return data;
        }
    }

    /**
     * Downloads what {@code part} lacks of {@code blob}: with {@code Range} from the file's length
     * and {@code If-Range} on the blob's ETag, so the server either continues (206, checked against
     * the Content-Range it states) or sends the whole file again (200, the file restarts). Returns
     * normally only when the file has the blob's full size; the hash is checked by the store.
     *
     * @param progress   bytes written, called per chunk
     * @param superseded polled per chunk; when true the download stops with a CancellationException
     *                   and the .part file is kept for later
     * @throws IOException when the link fails (the .part file keeps what arrived)
     */
    void download(ReleaseManifest.Blob blob, Path part, LongConsumer progress, BooleanSupplier superseded)
            throws IOException, ContentException, InterruptedException {
        String sha = blob.sha256();
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (have > blob.size()) {
            Files.delete(part);
            have = 0;
        }
        if (have == blob.size()) {
            if (have == 0) {
                Files.write(part, new byte[0]); // an empty blob needs no request, only its file
            }
            return;
        }
        String path = ContentPaths.blob(sha);
        HttpRequest.Builder request = request(path);
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-").header("If-Range", "\"" + sha + "\"");
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        AtomicLong lastData = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        try (InputStream in = response.body()) {
            long offset = startOffset(blob, have, response, part);
            Optional<String> etag = response.headers().firstValue("ETag");
            if (etag.isPresent() && !etag.get().replace("W/", "").replace("\"", "").equals(sha)) {
                throw new ContentException("blob " + sha + ": the server's ETag " + etag.get() + " names other content");
            }
            long period = Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(stallNanos) / 4, 1000));
            ScheduledFuture<?> guard = watchdog.scheduleWithFixedDelay(() -> {
                if (superseded.getAsBoolean() || System.nanoTime() - lastData.get() > stallNanos) {
                    stalled.set(true);
                    closeQuietly(in); // unblocks the read below
                }
            }, period, period, TimeUnit.MILLISECONDS);
            try {
                write(blob, part, offset, in, n -> {
                    lastData.set(System.nanoTime());
                    progress.accept(n);
                }, superseded);
            } catch (IOException e) {
                if (superseded.getAsBoolean()) {
                    throw new CancellationException("superseded by a newer desired state");
                }
                if (stalled.get()) {
                    throw new IOException("blob " + sha + ": no data for " + TimeUnit.NANOSECONDS.toSeconds(stallNanos)
                            + " s, link abandoned at " + Files.size(part) + " bytes", e);
                }
                throw e;
            } finally {
                guard.cancel(false);
            }
        }
        long now = Files.size(part);
        if (now < blob.size()) {
            throw new IOException("blob " + sha + ": connection ended at " + now + " of " + blob.size() + " bytes");
        }
    }

    /** Where the response body starts in the file, after checking the status and its headers. */
    private static long startOffset(ReleaseManifest.Blob blob, long have, HttpResponse<?> response, Path part)
            throws IOException, ContentException {
        String sha = blob.sha256();
        int status = response.statusCode();
        if (status == 206) {
            String header = response.headers().firstValue("Content-Range").orElse("");
            Matcher m = CONTENT_RANGE.matcher(header);
            if (!m.matches()) {
                throw new IOException("blob " + sha + ": 206 with unusable Content-Range '" + header + "'");
            }
            long total = Long.parseLong(m.group(3));
            if (total != blob.size()) {
                throw new ContentException("blob " + sha + " is " + total + " bytes on the server, the manifest says " + blob.size());
            }
            long start = Long.parseLong(m.group(1));
            if (start != have) {
                // Not what was asked: start this file again rather than splice at a wrong offset.
                Files.deleteIfExists(part);
                throw new IOException("blob " + sha + ": server resumed at " + start + ", asked for " + have);
            }
            return have;
        }
        if (status == 200) {
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (length >= 0 && length != blob.size()) {
                throw new ContentException("blob " + sha + " is " + length + " bytes on the server, the manifest says " + blob.size());
            }
            return 0;
        }
        if (status == 416) {
            // The .part no longer fits the file the server has: start again.
            Files.deleteIfExists(part);
            throw new IOException("blob " + sha + ": range not satisfiable, restarting the file");
        }
        throw refusal(status, ContentPaths.blob(sha));
    }

    private static void write(ReleaseManifest.Blob blob, Path part, long offset, InputStream in, LongConsumer progress,
                              BooleanSupplier superseded) throws IOException, ContentException {
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.truncate(offset);
            out.position(offset);
            long position = offset;
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (position + n > blob.size()) {
                    out.truncate(0);
                    throw new ContentException("blob " + blob.sha256() + ": the server sent more than the manifest's "
                            + blob.size() + " bytes");
                }
                out.write(ByteBuffer.wrap(buffer, 0, n));
                position += n;
                progress.accept(n);
                if (superseded.getAsBoolean()) {
                    throw new CancellationException("superseded by a newer desired state");
                }
            }
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Closing is how the download is stopped; the reader reports why.
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout).GET();
    }

    /**
     * The refusal for an unexpected status; throws instead when it is worth another attempt (5xx,
     * 408 and 429 are the server or the link having a moment, anything else is the content).
     */
    private static ContentException refusal(int status, String path) throws IOException {
        if (status >= 500 || status == 408 || status == 429) {
            throw new IOException("HTTP " + status + " for " + path);
        }
        return new ContentException("HTTP " + status + " for " + path);
    }
}
