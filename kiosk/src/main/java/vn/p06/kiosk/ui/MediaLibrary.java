package vn.p06.kiosk.ui;

import vn.p06.kiosk.catalog.Lang;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where tutorial and attract videos are found by content id; the content pipeline delivers the
 * files. The default layout is a directory: {@code {root}/{contentId}.mp4} and subtitles beside it
 * as {@code {contentId}.{lang}.vtt} (or {@code .srt}).
 */
public interface MediaLibrary {

    Optional<URI> video(String contentId);

    /** The subtitle file's text in {@code lang}, if there is one. */
    Optional<String> subtitles(String contentId, Lang lang);

    static MediaLibrary empty() {
        return directory(Path.of("/nonexistent-media"));
    }

    static MediaLibrary directory(Path root) {
        Path base = root.toAbsolutePath().normalize();
        return new MediaLibrary() {
            private Optional<Path> file(String contentId, String suffix) {
                Path p = base.resolve(contentId + suffix).normalize();
                // A content id is data from the fleet: never let it leave the media directory.
                return p.startsWith(base) && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
            }

            @Override
            public Optional<URI> video(String contentId) {
                return file(contentId, ".mp4").map(Path::toUri);
            }

            @Override
            public Optional<String> subtitles(String contentId, Lang lang) {
                Optional<Path> p = file(contentId, "." + lang.code() + ".vtt")
                        .or(() -> file(contentId, "." + lang.code() + ".srt"));
                try {
                    return p.isEmpty() ? Optional.empty() : Optional.of(Files.readString(p.get()));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        };
    }
}
