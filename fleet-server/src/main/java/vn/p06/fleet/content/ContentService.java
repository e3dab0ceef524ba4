package vn.p06.fleet.content;

import io.netty.channel.ChannelHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import vn.p06.fleet.http.Authenticator;
import vn.p06.fleet.http.Router;
import vn.p06.fleet.store.Database;
import vn.p06.protocol.content.ContentKey;

/**
 * The content side of the fleet server, wired: blob store and uploads under
 * {@code <data-dir>/content}, the Ed25519 content key in {@code <data-dir>/content.key}, releases,
 * the REST routes and the two streaming handlers (upload, blob download).
 */
public final class ContentService implements AutoCloseable {
    private final KeyPair key;
    private final Releases releases;
    private final ContentApi api;
    private final BlobStore store;
    private final Uploads uploads;
    private final Authenticator authenticator;
    /** Hashing finished uploads, off Netty's event loops; two, as the machine has few cores. */
    private final ExecutorService completions = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "content-complete");
        thread.setDaemon(true);
        return thread;
    });

    private ContentService(KeyPair key, BlobStore store, ContentRepository repository, Authenticator authenticator,
                           Clock clock) {
        this.key = key;
        this.store = store;
        this.authenticator = authenticator;
        this.uploads = new Uploads(repository, store, new MediaInspector(), clock);
        this.releases = new Releases(repository, key, clock);
        this.api = new ContentApi(uploads, repository, store, releases);
    }

    /** @param authenticator the router's, so uploads accept the same callers as the REST routes */
    public static ContentService open(Path dataDir, Database database, Authenticator authenticator, Clock clock)
            throws IOException {
        KeyPair key = ContentKey.loadOrCreate(dataDir.resolve("content.key"));
        return new ContentService(key, new BlobStore(dataDir.resolve("content")), new ContentRepository(database),
                authenticator, clock);
    }

    /** The key kiosks pin at enrollment (Base64 X.509). */
    public String publicKey() {
        return ContentKey.encodePublicKey(key.getPublic());
    }

    public Releases releases() {
        return releases;
    }

    public void register(Router router) {
        api.register(router);
    }

    /** For {@code HttpServer}: uploads and blob downloads stream, ahead of the aggregator. */
    public List<Supplier<ChannelHandler>> streamingHandlers() {
        return List.of(() -> new UploadHandler(uploads, authenticator, completions), () -> new BlobHandler(store));
    }

    @Override
    public void close() {
        completions.shutdownNow();
    }
}
