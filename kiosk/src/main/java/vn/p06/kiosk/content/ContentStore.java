package vn.p06.kiosk.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.protocol.content.ManifestCodec;
import vn.p06.protocol.content.ReleaseManifest;

/**
 * The kiosk's content-addressed store under {@code <data-dir>/content/}:
 * <pre>
 * blobs/&lt;aa&gt;/&lt;sha256&gt;          immutable; a file is here only after its hash was checked
 * partial/&lt;sha256&gt;.part         a download in progress, resumed from its length
 * releases/&lt;r&gt;/manifest.json     the signed bytes as served, with manifest.sig beside them
 * current, previous              pointer files: one release name each
 * </pre>
 * Every file that must survive a power cut whole (blobs, manifests, pointers) is written to a
 * temporary name, fsynced, renamed atomically and its directory fsynced, so after a crash a name
 * either holds its complete new content or its old one. The pointer is the only truth on start: a
 * release is active only when {@code current} names it and all its blobs are present.
 * Not thread-safe: one {@link ContentSync} worker owns it; readers use the immutable
 * {@link ActiveRelease} it hands out.
 */
public final class ContentStore {
    private static final Logger log = LoggerFactory.getLogger(ContentStore.class);
    static final String MANIFEST = "manifest.json";
    static final String SIGNATURE = "manifest.sig";
    private static final String PART = ".part";
    private static final String TMP = ".tmp";

    private final Path root;
    private final Path blobs;
    private final Path partial;
    private final Path releases;

    private ContentStore(Path root) {
        this.root = root;
        this.blobs = root.resolve("blobs");
        this.partial = root.resolve("partial");
        this.releases = root.resolve("releases");
    }

    /** Opens (creating) the store in {@code root} and removes temporary files a crash left behind. */
    public static ContentStore open(Path root) throws IOException {
        ContentStore store = new ContentStore(root.toAbsolutePath());
        Files.createDirectories(store.blobs);
        Files.createDirectories(store.partial);
        Files.createDirectories(store.releases);
        try (Stream<Path> files = Files.walk(store.root)) {
            for (Path tmp : files.filter(p -> p.getFileName().toString().endsWith(TMP)).toList()) {
                Files.deleteIfExists(tmp);
            }
        }
        return store;
    }

    public Path root() {
        return root;
    }

    /**
     * The release to run: the one {@code current} names when it is whole, else {@code previous} when
     * that is whole (a blob lost to disk damage must not leave the screen black), else none.
     */
    public Optional<ActiveRelease> active() {
        for (String pointer : List.of("current", "previous")) {
            Optional<ActiveRelease> release = readPointer(pointer).flatMap(this::loadWhole);
            if (release.isPresent()) {
                return release;
            }
            readPointer(pointer).ifPresent(name ->
                    log.warn("content: release {} named by '{}' is not whole, not running it", name, pointer));
        }
        return Optional.empty();
    }

    Optional<String> current() {
        return readPointer("current");
    }

    Optional<String> previous() {
        return readPointer("previous");
    }

    /** The stored manifest bytes of a release, if this kiosk has them (verified when they were saved). */
    Optional<byte[]> manifestBytes(String release) {
        try {
            return Optional.of(Files.readAllBytes(releaseDir(release).resolve(MANIFEST)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<String> signature(String release) {
        try {
            return Optional.of(Files.readString(releaseDir(release).resolve(SIGNATURE), StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps a verified manifest and its signature, so a restart or a rollback needs no network. */
    void saveRelease(String release, byte[] manifest, String signature) throws IOException {
        Path dir = releaseDir(release);
        Files.createDirectories(dir);
        writeAtomically(dir.resolve(MANIFEST), manifest);
        writeAtomically(dir.resolve(SIGNATURE), signature.getBytes(StandardCharsets.US_ASCII));
    }

    boolean hasBlob(ReleaseManifest.Blob blob) {
        Path file = blobPath(blob.sha256());
        try {
            return Files.isRegularFile(file) && Files.size(file) == blob.size();
        } catch (IOException e) {
            return false;
        }
    }

    Path blobPath(String sha256) {
        return blobs.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    Path partialPath(String sha256) {
        return partial.resolve(sha256 + PART);
    }

    long partialLength(String sha256) {
        try {
            return Files.size(partialPath(sha256));
        } catch (IOException e) {
            return 0;
        }
    }

    /** Bytes still to download for {@code manifest}: missing blobs less what their .part files hold. */
    long bytesNeeded(ReleaseManifest manifest) {
        return manifest.blobs().stream().filter(b -> !hasBlob(b))
                .mapToLong(b -> Math.max(0, b.size() - partialLength(b.sha256()))).sum();
    }

    /**
     * Moves a finished download into the blob store after checking its size and SHA-256; a file
     * that fails either is deleted (it would fail again) and the reason thrown.
     */
    void commit(ReleaseManifest.Blob blob) throws IOException, ContentException {
        Path part = partialPath(blob.sha256());
        long size = Files.size(part);
        if (size != blob.size()) {
            Files.delete(part);
            throw new ContentException("blob " + blob.sha256() + " is " + size + " bytes, the manifest says " + blob.size());
        }
        String actual = sha256(part);
        if (!actual.equals(blob.sha256())) {
            Files.delete(part);
            throw new ContentException("blob " + blob.sha256() + " hash mismatch (got " + actual + ")");
        }
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Path target = blobPath(blob.sha256());
        Files.createDirectories(target.getParent());
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(target.getParent());
    }

    /**
     * Makes {@code manifest} the current release and the current one the previous: both pointers are
     * swapped by atomic renames, {@code previous} first, so a crash between them leaves both naming
     * the old release (still consistent). Refuses a release that is not whole.
     */
    void activate(ReleaseManifest manifest) throws IOException, ContentException {
        List<String> missing = manifest.blobs().stream().filter(b -> !hasBlob(b)).map(ReleaseManifest.Blob::sha256).toList();
        if (!missing.isEmpty()) {
            throw new ContentException("release " + manifest.release() + " lacks " + missing.size() + " blob(s), e.g. " + missing.get(0));
        }
        if (manifestBytes(manifest.release()).isEmpty()) {
            throw new ContentException("release " + manifest.release() + " has no stored manifest");
        }
        Optional<String> old = current();
        if (old.isPresent() && !old.get().equals(manifest.release())) {
            writeAtomically(root.resolve("previous"), (old.get() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        writeAtomically(root.resolve("current"), (manifest.release() + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Deletes what neither the current nor the previous release uses: blobs, release folders and
     * every .part file (run after an activation, when no download is in progress).
     *
     * @return the bytes freed
     */
    long collectGarbage() throws IOException {
        Set<String> keepReleases = new HashSet<>();
        Set<String> keepBlobs = new HashSet<>();
        for (String name : Stream.of(current(), previous()).flatMap(Optional::stream).toList()) {
            keepReleases.add(name);
            manifestBytes(name).map(ManifestCodec::parse)
                    .ifPresent(m -> m.blobs().forEach(b -> keepBlobs.add(b.sha256())));
        }
        long freed = 0;
        try (Stream<Path> files = Files.walk(blobs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!keepBlobs.contains(file.getFileName().toString())) {
                    freed += Files.size(file);
                    Files.delete(file);
                }
            }
        }
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(partial)) {
            for (Path part : parts) {
                freed += Files.size(part);
                Files.delete(part);
            }
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(releases)) {
            for (Path dir : dirs) {
                if (!keepReleases.contains(dir.getFileName().toString())) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }
        return freed;
    }

    private Optional<ActiveRelease> loadWhole(String release) {
        Optional<byte[]> bytes = manifestBytes(release);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        ReleaseManifest manifest;
        try {
            manifest = ManifestCodec.parse(bytes.get());
        } catch (IllegalArgumentException e) {
            log.warn("content: stored manifest of {} unreadable: {}", release, e.getMessage());
            return Optional.empty();
        }
        if (!manifest.blobs().stream().allMatch(this::hasBlob)) {
            return Optional.empty();
        }
        return Optional.of(new ActiveRelease(manifest, this::blobPath));
    }

    private Optional<String> readPointer(String name) {
        try {
            String value = Files.readString(root.resolve(name), StandardCharsets.US_ASCII).strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path releaseDir(String release) {
        Path dir = releases.resolve(release).normalize();
        // The name comes from the fleet (checked by the manifest record); never leave releases/.
        if (!dir.getParent().equals(releases)) {
            throw new IllegalArgumentException("bad release name: " + release);
        }
        return dir;
    }

    private static void writeAtomically(Path target, byte[] data) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + TMP);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(data));
            channel.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(target.getParent());
    }

    /** Makes a rename durable: on Linux the new directory entry survives a power cut only after this. */
    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
