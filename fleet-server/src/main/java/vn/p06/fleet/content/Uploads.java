package vn.p06.fleet.content;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.http.HttpError;
import vn.p06.protocol.content.ReleaseManifest;

/**
 * Resumable uploads, tus-style: create an upload with its size (and, optionally, the SHA-256 the
 * uploader expects), append bytes at the current offset, ask for the offset after a dropped
 * connection and continue from there. The offset is the partial file's size, so it is always
 * exactly what reached the disk. The last byte triggers hashing; the file then moves into the
 * store under its hash, and a declared hash that does not match refuses the upload.
 * <p>
 * One transfer per upload at a time: a new PATCH takes over from an older one that may still hang
 * on a dead link (a black-holed connection is only noticed by the idle timeout), so a kiosk-side
 * retry never waits for the server to notice.
 */
final class Uploads {
    private static final Logger log = LoggerFactory.getLogger(Uploads.class);
    /** A video of the 25 services is ~100 MB; 16 GiB leaves room and stops absurd declarations. */
    static final long MAX_SIZE = 16L * 1024 * 1024 * 1024;

    private final ContentRepository repository;
    private final BlobStore store;
    private final MediaInspector inspector;
    private final Clock clock;
    private final Map<UUID, Transfer> active = new ConcurrentHashMap<>();

    Uploads(ContentRepository repository, BlobStore store, MediaInspector inspector, Clock clock) {
        this.repository = repository;
        this.store = store;
        this.inspector = inspector;
        this.clock = clock;
    }

    /** @param declaredSha256 null, or the hash the uploader promises; a mismatch refuses the upload */
    UploadInfo create(String name, long size, String declaredSha256) throws IOException {
        if (size < 1 || size > MAX_SIZE) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "size must be 1.." + MAX_SIZE + " bytes: " + size);
        }
        if (declaredSha256 != null && !ReleaseManifest.isSha256(declaredSha256)) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "sha256 must be 64 lower-case hex digits");
        }
        if (name != null && name.length() > 256) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "name longer than 256 characters");
        }
        UploadInfo upload = new UploadInfo(UUID.randomUUID(), name, size, declaredSha256, clock.instant());
        Files.createFile(store.partial(upload.id()));
        repository.addUpload(upload);
        return upload;
    }

    UploadInfo find(String id) {
        return repository.upload(parseId(id))
                .orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no upload " + id));
    }

    long offset(UploadInfo upload) throws IOException {
        return Files.size(store.partial(upload.id()));
    }

    void abandon(UploadInfo upload) throws IOException {
        Transfer previous = active.remove(upload.id());
        if (previous != null) {
            previous.abort();
        }
        repository.removeUpload(upload.id());
        Files.deleteIfExists(store.partial(upload.id()));
    }

    /**
     * Starts appending at {@code offset}, which must be the current one (else 409 with it).
     *
     * @param onTakeOver run when a newer transfer of the same upload takes over (closes the connection)
     */
    Transfer begin(UploadInfo upload, long offset, Runnable onTakeOver) throws IOException {
        Transfer previous = active.remove(upload.id());
        if (previous != null) {
            log.info("upload {}: a new transfer takes over from one still open", upload.id());
            previous.abort();
        }
        long current = offset(upload);
        if (offset != current) {
            throw new HttpError(HttpResponseStatus.CONFLICT, "Upload-Offset is " + offset + " but the upload is at "
                    + current + " (HEAD the upload and continue from there)");
        }
        Transfer transfer = new Transfer(upload, FileChannel.open(store.partial(upload.id()),
                StandardOpenOption.WRITE, StandardOpenOption.APPEND), current, onTakeOver);
        active.put(upload.id(), transfer);
        return transfer;
    }

    /**
     * Hashes the complete file, checks the declared hash, moves it into the store and records the
     * blob with its metadata. Slow for big files: callers run it off the network threads.
     */
    BlobInfo complete(UploadInfo upload) throws IOException {
        Path partial = store.partial(upload.id());
        String sha256 = BlobStore.sha256(partial);
        if (upload.declaredSha256() != null && !upload.declaredSha256().equals(sha256)) {
            repository.removeUpload(upload.id());
            Files.deleteIfExists(partial);
            throw new HttpError(HttpResponseStatus.UNPROCESSABLE_ENTITY, "upload refused: its bytes hash to " + sha256
                    + ", not the declared " + upload.declaredSha256() + "; upload the file again");
        }
        Path blob = store.adopt(partial, sha256);
        repository.removeUpload(upload.id());
        java.util.Optional<BlobInfo> known = repository.blob(sha256);
        if (known.isPresent()) {
            return known.get();
        }
        MediaInspector.Media media = inspector.inspect(blob);
        boolean thumbnail = media.isImage() && inspector.thumbnail(blob, store.thumbnail(sha256));
        BlobInfo info = new BlobInfo(sha256, Files.size(blob), media.mediaType(), upload.name(),
                media.durationSeconds(), media.width(), media.height(), thumbnail, clock.instant());
        repository.addBlob(info);
        log.info("stored blob {} ({} bytes, {})", sha256, info.size(), info.mediaType());
        return info;
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new HttpError(HttpResponseStatus.NOT_FOUND, "no upload " + id);
        }
    }

    /** One PATCH appending to an upload. Writes and abort are serialised: nothing lands after abort. */
    final class Transfer {
        private final UploadInfo upload;
        private final FileChannel file;
        private final Runnable onTakeOver;
        private long offset;
        private boolean closed;

        private Transfer(UploadInfo upload, FileChannel file, long offset, Runnable onTakeOver) {
            this.upload = upload;
            this.file = file;
            this.offset = offset;
            this.onTakeOver = onTakeOver;
        }

        UploadInfo upload() {
            return upload;
        }

        synchronized long offset() {
            return offset;
        }

        /**
         * Appends the bytes. More than the declared size is a client error (413); a full disk
         * keeps what was written (the offset tells) and says so.
         */
        synchronized void write(ByteBuffer[] buffers) throws IOException {
            if (closed) {
                throw new HttpError(HttpResponseStatus.CONFLICT, "a newer transfer of this upload took over");
            }
            long incoming = 0;
            for (ByteBuffer buffer : buffers) {
                incoming += buffer.remaining();
            }
            if (offset + incoming > upload.size()) {
                throw new HttpError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "upload declared " + upload.size()
                        + " bytes; this request goes past it");
            }
            try {
                while (incoming > 0) {
                    long written = file.write(buffers);
                    offset += written;
                    incoming -= written;
                }
            } catch (IOException e) {
                // A failed gathering write (disk full) may have written part of it: the file says how much.
                offset = file.size();
                throw e;
            }
        }

        boolean isComplete() {
            return offset() == upload.size();
        }

        /** Ends this transfer, bytes forced to disk; the partial file stays for the next one. */
        synchronized void finish() throws IOException {
            if (!closed) {
                closed = true;
                active.remove(upload.id(), this);
                try {
                    file.force(false);
                } finally {
                    file.close();
                }
            }
        }

        private void abort() {
            try {
                finish();
            } catch (IOException e) {
                log.debug("upload {}: closing the older transfer: {}", upload.id(), e.toString());
            }
            onTakeOver.run();
        }
    }
}
