package vn.p06.fleet.content;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.security.KeyPair;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vn.p06.fleet.http.HttpError;
import vn.p06.protocol.content.ContentKey;
import vn.p06.protocol.content.ManifestCodec;
import vn.p06.protocol.content.ReleaseManifest;

/**
 * Builds, signs and keeps releases. A release is made from the stored playlists it names, the
 * catalog blob and the tutorial mapping; every blob they refer to is listed by hash, size and
 * media type (sorted by hash, so the same content gives the same list). The exact
 * {@link ManifestCodec#toJson} bytes are signed with the server's Ed25519 key and stored as they
 * are: a release never changes after it is written.
 */
public final class Releases {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContentRepository repository;
    private final KeyPair key;
    private final Clock clock;

    Releases(ContentRepository repository, KeyPair key, Clock clock) {
        this.repository = repository;
        this.key = key;
        this.clock = clock;
    }

    /**
     * What a trainer publishes.
     *
     * @param release   the name, or null for {@code YYYY.MM.DD-n}
     * @param playlists names of stored playlists
     */
    public record Draft(String release, String catalogSha256, List<String> playlists, Map<String, String> tutorials) {
        public Draft {
            playlists = playlists == null ? List.of() : List.copyOf(playlists);
            tutorials = tutorials == null ? Map.of() : Map.copyOf(tutorials);
        }
    }

    public StoredRelease publish(Draft draft) {
        List<ReleaseManifest.Playlist> playlists = new ArrayList<>();
        Set<String> hashes = new LinkedHashSet<>();
        for (String name : draft.playlists()) {
            ReleaseManifest.Playlist playlist = playlist(name)
                    .orElseThrow(() -> new HttpError(HttpResponseStatus.BAD_REQUEST, "no playlist " + name));
            playlists.add(playlist);
            playlist.items().forEach(item -> hashes.add(item.sha256()));
        }
        if (draft.catalogSha256() != null) {
            BlobInfo catalog = requireBlob(draft.catalogSha256(), "catalogSha256");
            if (!catalog.mediaType().equals("application/json")) {
                throw new HttpError(HttpResponseStatus.BAD_REQUEST, "the catalog must be a JSON blob, "
                        + draft.catalogSha256() + " is " + catalog.mediaType());
            }
            hashes.add(draft.catalogSha256());
        }
        hashes.addAll(draft.tutorials().values());
        List<ReleaseManifest.Blob> blobs = hashes.stream()
                .map(sha -> requireBlob(sha, "blob"))
                .map(b -> new ReleaseManifest.Blob(b.sha256(), b.size(), b.mediaType(), b.name(), b.durationSeconds()))
                .sorted(Comparator.comparing(ReleaseManifest.Blob::sha256))
                .toList();
        String name = draft.release() != null ? draft.release() : nextName();
        ReleaseManifest manifest = new ReleaseManifest(ReleaseManifest.FORMAT, name, clock.millis(),
                draft.catalogSha256(), blobs, playlists, draft.tutorials());
        byte[] bytes = ManifestCodec.toJson(manifest);
        StoredRelease release = new StoredRelease(name, bytes, ManifestCodec.sha256Hex(bytes),
                Base64.getEncoder().encodeToString(ContentKey.sign(key.getPrivate(), bytes)), clock.instant());
        if (!repository.addRelease(release)) {
            throw new HttpError(HttpResponseStatus.CONFLICT, "release " + name + " exists; releases never change, "
                    + "publish a new one");
        }
        return release;
    }

    public Optional<StoredRelease> find(String name) {
        return repository.release(name);
    }

    public List<StoredRelease> list() {
        return repository.releases();
    }

    /** The blobs a kiosk holding {@code from} downloads to hold {@code to}: what a rollout moves. */
    public record Diff(String from, String to, List<ReleaseManifest.Blob> added, List<String> removed,
                       long bytesToMove, long totalBytes) {
    }

    public Diff diff(StoredRelease from, StoredRelease to) {
        ReleaseManifest old = from.parsed();
        ReleaseManifest next = to.parsed();
        Set<String> had = new java.util.HashSet<>();
        old.blobs().forEach(b -> had.add(b.sha256()));
        Set<String> has = new java.util.HashSet<>();
        next.blobs().forEach(b -> has.add(b.sha256()));
        List<ReleaseManifest.Blob> added = next.blobs().stream().filter(b -> !had.contains(b.sha256())).toList();
        List<String> removed = old.blobs().stream().map(ReleaseManifest.Blob::sha256)
                .filter(sha -> !has.contains(sha)).toList();
        return new Diff(from.name(), to.name(), added, removed,
                added.stream().mapToLong(ReleaseManifest.Blob::size).sum(), next.totalBytes());
    }

    Optional<ReleaseManifest.Playlist> playlist(String name) {
        return repository.playlist(name).map(json -> {
            try {
                return JSON.readValue(json, ReleaseManifest.Playlist.class);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stored playlist " + name + " does not read back", e);
            }
        });
    }

    /** Checks every item against the stored blobs (images need a duration) and stores it. */
    ReleaseManifest.Playlist savePlaylist(ReleaseManifest.Playlist playlist) {
        for (ReleaseManifest.Item item : playlist.items()) {
            BlobInfo blob = requireBlob(item.sha256(), "playlist item");
            if (blob.mediaType().startsWith("image/") && item.seconds() == null) {
                throw new HttpError(HttpResponseStatus.BAD_REQUEST, "image " + item.sha256()
                        + " needs seconds (how long it shows)");
            }
        }
        try {
            repository.putPlaylist(playlist.name(), JSON.writeValueAsString(playlist), clock.instant());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return playlist;
    }

    private BlobInfo requireBlob(String sha256, String what) {
        if (!ReleaseManifest.isSha256(sha256)) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, what + " must be a SHA-256: " + sha256);
        }
        return repository.blob(sha256).orElseThrow(() -> new HttpError(HttpResponseStatus.BAD_REQUEST,
                what + " " + sha256 + " is not an uploaded blob"));
    }

    private String nextName() {
        String day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString().replace('-', '.');
        int n = 1;
        while (repository.release(day + "-" + n).isPresent()) {
            n++;
        }
        return day + "-" + n;
    }
}
