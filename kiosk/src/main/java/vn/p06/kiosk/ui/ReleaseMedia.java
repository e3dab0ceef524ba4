package vn.p06.kiosk.ui;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import vn.p06.kiosk.catalog.Lang;
import vn.p06.kiosk.content.ActiveRelease;

/**
 * Videos from the active content release first: {@code release/<sha256>} is one of its blobs (the
 * attract loop's items), {@code tutorial/<serviceId>} the service's tutorial when the release has
 * one. Anything else, and subtitles (releases carry none yet), come from the media directory.
 */
final class ReleaseMedia implements MediaLibrary {
    static final String BLOB = "release/";
    private static final String TUTORIAL = "tutorial/";

    private final Supplier<Optional<ActiveRelease>> release;
    private final MediaLibrary fallback;

    ReleaseMedia(Supplier<Optional<ActiveRelease>> release, MediaLibrary fallback) {
        this.release = release;
        this.fallback = fallback;
    }

    @Override
    public Optional<URI> video(String contentId) {
        Optional<ActiveRelease> active = release.get();
        Optional<Path> file = Optional.empty();
        if (active.isPresent() && contentId.startsWith(BLOB)) {
            file = active.get().blob(contentId.substring(BLOB.length()));
        } else if (active.isPresent() && contentId.startsWith(TUTORIAL)) {
            file = active.get().tutorial(contentId.substring(TUTORIAL.length()));
        }
        return file.map(Path::toUri).or(() -> fallback.video(contentId));
    }

    @Override
    public Optional<String> subtitles(String contentId, Lang lang) {
        return fallback.subtitles(contentId, lang);
    }
}
