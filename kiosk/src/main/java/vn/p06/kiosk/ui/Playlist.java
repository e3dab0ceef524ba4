package vn.p06.kiosk.ui;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import vn.p06.kiosk.content.ActiveRelease;
import vn.p06.protocol.content.ReleaseManifest;

/**
 * What the attract loop shows while nobody uses the kiosk. An image is a class-path resource or a
 * {@code file:} URI; a video is a content id looked up in the {@link MediaLibrary}. A video that is
 * missing or fails to decode is replaced by the text card, so the loop never stops on a bad file.
 */
public record Playlist(List<Item> items) {

    public enum Kind { IMAGE, VIDEO }

    /** The {@code release} of the items shipped with the app, in proof-of-play events. */
    public static final String BUILT_IN = "built-in";
    /** A release video without a stated length plays to its end, but never longer than this. */
    static final Duration LONGEST_VIDEO = Duration.ofMinutes(10);

    /**
     * @param seconds how long an image stays (a video plays to its end, at most this long)
     * @param item    what proof of play names: the blob hash for a release item, else the source
     * @param release the content release the item belongs to, or {@link #BUILT_IN}
     */
    public record Item(Kind kind, String source, Duration seconds, String item, String release) {
        /** An item shipped with the app. */
        public Item(Kind kind, String source, Duration seconds) {
            this(kind, source, seconds, source, BUILT_IN);
        }
    }

    public Playlist {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a playlist needs at least one item");
        }
    }

    /**
     * The release's attract playlist at {@code now} (its schedule windows in the kiosk's local time),
     * images as files and videos by {@link ReleaseMedia} content id; empty when no window is open or
     * no item is an image or a video.
     */
    public static Optional<Playlist> fromRelease(ActiveRelease release, LocalDateTime now) {
        List<Item> items = release.attract(now).stream()
                .flatMap(item -> toItem(release, item).stream())
                .toList();
        return items.isEmpty() ? Optional.empty() : Optional.of(new Playlist(items));
    }

    private static Optional<Item> toItem(ActiveRelease release, ReleaseManifest.Item item) {
        String sha = item.sha256();
        String type = release.mediaType(sha).orElse("");
        if (type.startsWith("image/")) {
            Duration shown = Duration.ofSeconds(item.seconds() == null ? 8 : item.seconds());
            return release.blob(sha).map(file -> new Item(Kind.IMAGE, file.toUri().toString(), shown, sha, release.name()));
        }
        if (type.startsWith("video/")) {
            Duration atMost = item.seconds() != null ? Duration.ofSeconds(item.seconds()) : LONGEST_VIDEO;
            return Optional.of(new Item(Kind.VIDEO, ReleaseMedia.BLOB + sha, atMost, sha, release.name()));
        }
        return Optional.empty();
    }

    /** The images shipped with the app and the intro video the content pipeline will deliver. */
    public static Playlist defaults() {
        return new Playlist(List.of(
                new Item(Kind.IMAGE, "/ui/attract/attract-1.png", Duration.ofSeconds(8)),
                new Item(Kind.VIDEO, "attract/intro", Duration.ofSeconds(60)),
                new Item(Kind.IMAGE, "/ui/attract/attract-2.png", Duration.ofSeconds(8))));
    }
}
