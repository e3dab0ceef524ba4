package vn.p06.kiosk.content;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import vn.p06.protocol.content.ReleaseManifest;

/**
 * A release whose blobs are all on disk and verified: what the UI plays. Immutable; a newer
 * activation hands out a new instance, so a screen holding this one keeps valid files (the
 * previous release's blobs survive garbage collection).
 */
public final class ActiveRelease {
    private final ReleaseManifest manifest;
    private final Function<String, Path> blobs;

    ActiveRelease(ReleaseManifest manifest, Function<String, Path> blobs) {
        this.manifest = Objects.requireNonNull(manifest);
        this.blobs = Objects.requireNonNull(blobs);
    }

    public String name() {
        return manifest.release();
    }

    public ReleaseManifest manifest() {
        return manifest;
    }

    /** The file of one of the release's blobs. */
    public Optional<Path> blob(String sha256) {
        return manifest.blobs().stream().filter(b -> b.sha256().equals(sha256)).findFirst()
                .map(b -> blobs.apply(b.sha256()));
    }

    public Optional<String> mediaType(String sha256) {
        return manifest.blobs().stream().filter(b -> b.sha256().equals(sha256)).findFirst()
                .map(ReleaseManifest.Blob::mediaType);
    }

    /** The tutorial video of a service, by service id. */
    public Optional<Path> tutorial(String serviceId) {
        return Optional.ofNullable(manifest.tutorials().get(serviceId)).flatMap(this::blob);
    }

    /** The service catalog file when the release carries one. */
    public Optional<Path> catalog() {
        return Optional.ofNullable(manifest.catalogSha256()).flatMap(this::blob);
    }

    /**
     * The attract items to play at {@code now} (the kiosk's local time): the release's
     * {@value ReleaseManifest#ATTRACT_PLAYLIST} playlist when one of its windows is open (an empty
     * schedule is always open), else none and the built-in loop plays.
     */
    public List<ReleaseManifest.Item> attract(LocalDateTime now) {
        return manifest.playlist(ReleaseManifest.ATTRACT_PLAYLIST)
                .filter(p -> p.schedule().isEmpty() || p.schedule().stream().anyMatch(w -> w.contains(now)))
                .map(ReleaseManifest.Playlist::items)
                .orElse(List.of());
    }

    @Override
    public String toString() {
        return "ActiveRelease[" + manifest.release() + "]";
    }
}
