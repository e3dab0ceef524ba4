package vn.p06.kiosk.content;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.p06.protocol.Body;
import vn.p06.protocol.content.ContentKey;
import vn.p06.protocol.content.ContentPaths;
import vn.p06.protocol.content.ManifestCodec;
import vn.p06.protocol.content.ReleaseManifest;

/**
 * The fleet's content endpoints as a real HTTP server on loopback (the JDK's), with the faults a
 * province link shows: a connection cut after N bytes, tampered or truncated blobs. It counts the
 * blob bytes it sends and keeps every Range header it was asked for.
 */
final class ContentServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    final KeyPair key = ContentKey.generate();
    private final HttpServer server;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    /** sha → bytes to send before cutting the connection (once). */
    private final Map<String, Long> cuts = new ConcurrentHashMap<>();
    /** sha → bytes to send before the server stalls (until closed), as a link that hangs. */
    private final Map<String, Long> stalls = new ConcurrentHashMap<>();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    /** sha → bytes served instead of the real ones. */
    private final Map<String, byte[]> replaced = new ConcurrentHashMap<>();
    final AtomicLong blobBytesServed = new AtomicLong();
    final Map<String, AtomicLong> servedPerBlob = new ConcurrentHashMap<>();
    final List<String> ranges = new CopyOnWriteArrayList<>();

    ContentServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "content-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext(ContentPaths.PREFIX, this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A release of these files (name → bytes, in order), signed with {@link #key}, served from now on. */
    Release publish(String release, Map<String, byte[]> content) {
        return publish(release, content, null);
    }

    Release publish(String release, Map<String, byte[]> content, String catalogName) {
        List<ReleaseManifest.Blob> list = new ArrayList<>();
        List<ReleaseManifest.Item> attract = new ArrayList<>();
        Map<String, String> tutorials = new LinkedHashMap<>();
        Map<String, String> shaByName = new LinkedHashMap<>();
        content.forEach((name, bytes) -> {
            String sha = ManifestCodec.sha256Hex(bytes);
            blobs.put(sha, bytes);
            shaByName.put(name, sha);
            boolean image = name.endsWith(".png");
            String type = name.endsWith(".json") ? "application/json" : image ? "image/png" : "video/mp4";
            list.add(new ReleaseManifest.Blob(sha, bytes.length, type, name, null));
            if (name.startsWith("attract-")) {
                attract.add(new ReleaseManifest.Item(sha, image ? 5 : null));
            } else if (name.startsWith("tutorial-")) {
                tutorials.put(name.substring("tutorial-".length()).replace(".mp4", ""), sha);
            }
        });
        List<ReleaseManifest.Playlist> playlists = attract.isEmpty() ? List.of()
                : List.of(new ReleaseManifest.Playlist(ReleaseManifest.ATTRACT_PLAYLIST, attract, List.of()));
        ReleaseManifest manifest = new ReleaseManifest(ReleaseManifest.FORMAT, release, 1_700_000_000_000L,
                catalogName == null ? null : shaByName.get(catalogName), list, playlists, tutorials);
        byte[] json = ManifestCodec.toJson(manifest);
        String sig = Base64.getEncoder().encodeToString(ContentKey.sign(key.getPrivate(), json));
        files.put(ContentPaths.manifest(release), json);
        files.put(ContentPaths.signature(release), sig.getBytes(StandardCharsets.US_ASCII));
        return new Release(manifest, shaByName, new Body.DesiredState(release, ManifestCodec.sha256Hex(json), 1));
    }

    record Release(ReleaseManifest manifest, Map<String, String> sha, Body.DesiredState desired) {
    }

    /** The next response for this blob stops after {@code bytes} body bytes and drops the connection. */
    void cutAfter(String sha, long bytes) {
        cuts.put(sha, bytes);
    }

    /** The next response for this blob sends {@code bytes} body bytes, then nothing until the server closes. */
    void stallAfter(String sha, long bytes) {
        stalls.put(sha, bytes);
    }

    /** Serves other bytes under this hash from now on (a corrupted mirror, a tampering proxy). */
    void replace(String sha, byte[] bytes) {
        replaced.put(sha, bytes);
    }

    /** Serves this text as the release's signature. */
    void signature(String release, String text) {
        files.put(ContentPaths.signature(release), text.getBytes(StandardCharsets.US_ASCII));
    }

    long servedOf(String sha) {
        AtomicLong n = servedPerBlob.get(sha);
        return n == null ? 0 : n.get();
    }

    void resetCounters() {
        blobBytesServed.set(0);
        servedPerBlob.clear();
        ranges.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String blobPrefix = ContentPaths.PREFIX + "/blobs/";
            if (path.startsWith(blobPrefix)) {
                serveBlob(exchange, path.substring(blobPrefix.length()));
                return;
            }
            byte[] file = files.get(path);
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.sendResponseHeaders(200, file.length);
            exchange.getResponseBody().write(file);
        }
    }

    private void serveBlob(HttpExchange exchange, String sha) throws IOException {
        byte[] data = replaced.getOrDefault(sha, blobs.get(sha));
        if (data == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        String etag = "\"" + sha + "\"";
        exchange.getResponseHeaders().set("ETag", etag);
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        String range = exchange.getRequestHeaders().getFirst("Range");
        String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
        long start = 0;
        if (range != null) {
            ranges.add(range);
            Matcher m = RANGE.matcher(range);
            if (m.matches() && (ifRange == null || ifRange.equals(etag))) {
                start = Long.parseLong(m.group(1));
                if (start >= data.length) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + data.length);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Range",
                        "bytes " + start + "-" + (data.length - 1) + "/" + data.length);
            }
        }
        long length = data.length - start;
        exchange.sendResponseHeaders(start > 0 ? 206 : 200, length);
        Long cut = cuts.remove(sha);
        Long stall = stalls.remove(sha);
        long send = cut != null ? Math.min(cut, length) : stall != null ? Math.min(stall, length) : length;
        OutputStream out = exchange.getResponseBody();
        out.write(data, (int) start, (int) send);
        out.flush();
        blobBytesServed.addAndGet(send);
        servedPerBlob.computeIfAbsent(sha, s -> new AtomicLong()).addAndGet(send);
        if (stall != null) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (send < length) {
            // Fewer bytes than the Content-Length promised: the server closes the connection, as a
            // dropped link would look to the kiosk.
            throw new IOException("cut after " + send + " bytes");
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
