package vn.p06.fleet.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import vn.p06.protocol.content.ReleaseManifest;

/**
 * Files by SHA-256 under {@code <data-dir>/content}: {@code blobs/ab/abcd…} (immutable, named by
 * their hash), {@code uploads/<uuid>.part} (partial uploads, their size is the upload offset) and
 * {@code thumbs/<sha>.jpg}. Every path is built from a validated hash or a UUID, never from text a
 * client sent, so no request can name a file outside the store.
 */
final class BlobStore {
    private final Path blobs;
    private final Path uploads;
    private final Path thumbs;

    BlobStore(Path root) throws IOException {
        this.blobs = Files.createDirectories(root.resolve("blobs"));
        this.uploads = Files.createDirectories(root.resolve("uploads"));
        this.thumbs = Files.createDirectories(root.resolve("thumbs"));
    }

    /** The blob's file if the store has it; empty for an unknown or malformed hash. */
    Optional<Path> blob(String sha256) {
        if (!ReleaseManifest.isSha256(sha256)) {
            return Optional.empty();
        }
        Path file = blobPath(sha256);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    Path partial(UUID upload) {
        return uploads.resolve(upload + ".part");
    }

    Path thumbnail(String sha256) {
        requireSha(sha256);
        return thumbs.resolve(sha256 + ".jpg");
    }

    /**
     * Moves a finished partial file in as the blob {@code sha256}. A blob that is already there
     * (the same bytes uploaded twice) is kept and the partial dropped.
     */
    Path adopt(Path partial, String sha256) throws IOException {
        Path target = blobPath(sha256);
        Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            Files.delete(partial);
            return target;
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.delete(partial); // a concurrent upload of the same bytes won
        }
        return target;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private Path blobPath(String sha256) {
        requireSha(sha256);
        return blobs.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private static void requireSha(String sha256) {
        if (!ReleaseManifest.isSha256(sha256)) {
            throw new IllegalArgumentException("not a SHA-256 (64 lower-case hex digits): " + sha256);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
