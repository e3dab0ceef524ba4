package vn.p06.kiosk.ui;

import java.time.Duration;
import java.util.List;

/**
 * What the attract loop shows while nobody uses the kiosk. An image is a class-path resource or a
 * {@code file:} URI; a video is a content id looked up in the {@link MediaLibrary}. A video that is
 * missing or fails to decode is replaced by the text card, so the loop never stops on a bad file.
 */
public record Playlist(List<Item> items) {

    public enum Kind { IMAGE, VIDEO }

    /** @param seconds how long an image stays (a video plays to its end, at most this long) */
    public record Item(Kind kind, String source, Duration seconds) {
    }

    public Playlist {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a playlist needs at least one item");
        }
    }

    /** The images shipped with the app and the intro video the content pipeline will deliver. */
    public static Playlist defaults() {
        return new Playlist(List.of(
                new Item(Kind.IMAGE, "/ui/attract/attract-1.png", Duration.ofSeconds(8)),
                new Item(Kind.VIDEO, "attract/intro", Duration.ofSeconds(60)),
                new Item(Kind.IMAGE, "/ui/attract/attract-2.png", Duration.ofSeconds(8))));
    }
}
