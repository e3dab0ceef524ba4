package vn.p06.protocol.content;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An immutable, versioned content release: every file by SHA-256 and size, the playlists, which
 * blob is the service catalog and which video is each service's tutorial. Signed as its exact JSON
 * bytes ({@link ManifestCodec}); every hash the release refers to must be one of its blobs, so a
 * kiosk that holds all blobs holds the whole release.
 *
 * @param format        manifest format, {@link #FORMAT}; a kiosk refuses a format it does not know
 * @param release       the release name, e.g. {@code 2026.11.23-2}; unique per server
 * @param createdAt     epoch ms
 * @param catalogSha256 the service catalog blob (JSON), or null to keep the kiosk's built-in catalog
 * @param tutorials     service id → video blob
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseManifest(int format, String release, long createdAt, String catalogSha256,
                              List<Blob> blobs, List<Playlist> playlists, Map<String, String> tutorials) {

    public static final int FORMAT = 1;
    public static final int MAX_BLOBS = 10_000;
    /** The playlist the attract loop plays when the release does not name another. */
    public static final String ATTRACT_PLAYLIST = "attract";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    public ReleaseManifest {
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown manifest format " + format + " (this build reads " + FORMAT + ")");
        }
        requireName("release", release);
        if (createdAt < 0) {
            throw new IllegalArgumentException("createdAt must be >= 0");
        }
        blobs = blobs == null ? List.of() : List.copyOf(blobs);
        if (blobs.size() > MAX_BLOBS) {
            throw new IllegalArgumentException("release lists " + blobs.size() + " blobs, at most " + MAX_BLOBS);
        }
        playlists = playlists == null ? List.of() : List.copyOf(playlists);
        tutorials = tutorials == null ? Map.of() : Map.copyOf(tutorials);

        Set<String> known = new HashSet<>();
        for (Blob blob : blobs) {
            if (!known.add(blob.sha256())) {
                throw new IllegalArgumentException("blob listed twice: " + blob.sha256());
            }
        }
        if (catalogSha256 != null) {
            requireListed(known, "catalogSha256", catalogSha256);
        }
        Set<String> playlistNames = new HashSet<>();
        for (Playlist playlist : playlists) {
            if (!playlistNames.add(playlist.name())) {
                throw new IllegalArgumentException("playlist listed twice: " + playlist.name());
            }
            playlist.items().forEach(item -> requireListed(known, "playlist " + playlist.name(), item.sha256()));
        }
        tutorials.forEach((service, sha) -> {
            requireName("tutorials key", service);
            requireListed(known, "tutorials[" + service + "]", sha);
        });
    }

    /** Total bytes of the release, what a kiosk without any of its blobs downloads. */
    public long totalBytes() {
        return blobs.stream().mapToLong(Blob::size).sum();
    }

    public java.util.Optional<Playlist> playlist(String name) {
        return playlists.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * One file of the release.
     *
     * @param name            the trainer's file name, for screens only: kiosks store blobs by hash
     * @param durationSeconds for audio/video where the server could read it, else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Blob(String sha256, long size, String mediaType, String name, Double durationSeconds) {
        public Blob {
            requireSha("sha256", sha256);
            if (size < 0) {
                throw new IllegalArgumentException("size must be >= 0: " + size);
            }
            if (mediaType == null || !mediaType.matches("[a-z]+/[a-zA-Z0-9.+_-]+")) {
                throw new IllegalArgumentException("mediaType must be type/subtype: " + mediaType);
            }
            if (name != null && name.length() > 256) {
                throw new IllegalArgumentException("name longer than 256 characters");
            }
            if (durationSeconds != null && !(durationSeconds >= 0)) {
                throw new IllegalArgumentException("durationSeconds must be >= 0");
            }
        }
    }

    /**
     * An ordered playlist with the windows it may play in (empty schedule = always).
     */
    public record Playlist(String name, List<Item> items, List<Window> schedule) {
        public Playlist {
            requireName("playlist name", name);
            items = items == null ? List.of() : List.copyOf(items);
            schedule = schedule == null ? List.of() : List.copyOf(schedule);
        }
    }

    /** @param seconds how long an image shows; null for a video, which plays to its end */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String sha256, Integer seconds) {
        public Item {
            requireSha("item sha256", sha256);
            if (seconds != null && (seconds < 1 || seconds > 3600)) {
                throw new IllegalArgumentException("item seconds must be 1..3600: " + seconds);
            }
        }
    }

    /**
     * A weekly window in the kiosk's local time.
     *
     * @param days ISO days of week, 1 = Monday … 7 = Sunday; empty = every day
     * @param from {@code HH:mm}, inclusive
     * @param to   {@code HH:mm}, exclusive, after {@code from}
     */
    public record Window(List<Integer> days, String from, String to) {
        public Window {
            days = days == null ? List.of() : List.copyOf(days);
            days.forEach(d -> {
                if (d < 1 || d > 7) {
                    throw new IllegalArgumentException("window day must be 1..7: " + d);
                }
            });
            if (from == null || !TIME.matcher(from).matches() || to == null || !TIME.matcher(to).matches()) {
                throw new IllegalArgumentException("window times must be HH:mm: " + from + "-" + to);
            }
            if (from.compareTo(to) >= 0) {
                throw new IllegalArgumentException("window must end after it starts: " + from + "-" + to);
            }
        }

        public boolean contains(java.time.LocalDateTime time) {
            if (!days.isEmpty() && !days.contains(time.getDayOfWeek().getValue())) {
                return false;
            }
            String hhmm = String.format(java.util.Locale.ROOT, "%02d:%02d", time.getHour(), time.getMinute());
            return hhmm.compareTo(from) >= 0 && hhmm.compareTo(to) < 0;
        }
    }

    public static boolean isSha256(String value) {
        return value != null && SHA256.matcher(value).matches();
    }

    static void requireSha(String field, String value) {
        if (!isSha256(value)) {
            throw new IllegalArgumentException(field + " must be 64 lower-case hex digits: " + value);
        }
    }

    private static void requireName(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must match " + NAME.pattern() + ": " + value);
        }
    }

    private static void requireListed(Set<String> known, String field, String sha) {
        requireSha(field, sha);
        if (!known.contains(sha)) {
            throw new IllegalArgumentException(field + " refers to " + sha + ", which is not a blob of the release");
        }
    }
}
