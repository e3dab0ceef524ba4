package vn.p06.kiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.kiosk.catalog.Lang;
import vn.p06.kiosk.content.ActiveRelease;
import vn.p06.kiosk.content.InstalledRelease;
import vn.p06.protocol.content.ReleaseManifest;

/** What the active release gives the attract loop and the video screen. */
class PlaylistTest {
    @TempDir
    Path dir;

    static final byte[] IMAGE = "png bytes".getBytes();
    static final byte[] VIDEO = "mp4 bytes".getBytes();
    static final byte[] TUTORIAL = "tutorial bytes".getBytes();
    /** A Saturday morning. */
    static final LocalDateTime SATURDAY_8 = LocalDateTime.parse("2025-03-01T08:00:00");

    ActiveRelease install(List<ReleaseManifest.Window> schedule) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.png", IMAGE);
        files.put("b.mp4", VIDEO);
        files.put("tutorial.mp4", TUTORIAL);
        ReleaseManifest.Playlist attract = new ReleaseManifest.Playlist(ReleaseManifest.ATTRACT_PLAYLIST, List.of(
                new ReleaseManifest.Item(InstalledRelease.sha(IMAGE), 12),
                new ReleaseManifest.Item(InstalledRelease.sha(VIDEO), null)), schedule);
        return InstalledRelease.install(dir.resolve("content"), "r7", files, attract,
                Map.of("residence-temporary", InstalledRelease.sha(TUTORIAL)));
    }

    @Test
    void theAttractPlaylistOfTheReleaseBecomesTheLoop() throws IOException {
        ActiveRelease release = install(List.of());

        Playlist playlist = Playlist.fromRelease(release, SATURDAY_8).orElseThrow();

        assertThat(playlist.items()).containsExactly(
                new Playlist.Item(Playlist.Kind.IMAGE, release.blob(InstalledRelease.sha(IMAGE)).orElseThrow().toUri().toString(),
                        Duration.ofSeconds(12), InstalledRelease.sha(IMAGE), "r7"),
                new Playlist.Item(Playlist.Kind.VIDEO, "release/" + InstalledRelease.sha(VIDEO), Playlist.LONGEST_VIDEO,
                        InstalledRelease.sha(VIDEO), "r7"));
    }

    @Test
    void outsideItsScheduleWindowsTheReleaseGivesNoLoop() throws IOException {
        ActiveRelease weekdays = install(List.of(new ReleaseManifest.Window(List.of(1, 2, 3, 4, 5), "07:00", "17:00")));
        assertThat(Playlist.fromRelease(weekdays, SATURDAY_8)).isEmpty();
        assertThat(Playlist.fromRelease(weekdays, SATURDAY_8.minusDays(5))).isPresent();
    }

    @Test
    void releaseVideosAndTutorialsComeFromTheStoreTheRestFromTheMediaDirectory() throws IOException {
        ActiveRelease release = install(List.of());
        Path media = Files.createDirectories(dir.resolve("media/tutorial"));
        Files.writeString(media.resolve("birth-registration.mp4"), "x");
        Files.writeString(media.resolve("residence-temporary.vi.vtt"), "WEBVTT\n");
        ReleaseMedia library = new ReleaseMedia(() -> Optional.of(release), MediaLibrary.directory(dir.resolve("media")));

        assertThat(library.video("release/" + InstalledRelease.sha(VIDEO)))
                .contains(release.blob(InstalledRelease.sha(VIDEO)).orElseThrow().toUri());
        assertThat(library.video("tutorial/residence-temporary"))
                .contains(release.tutorial("residence-temporary").orElseThrow().toUri());
        assertThat(library.video("tutorial/birth-registration")).map(URI::getPath).get().asString()
                .endsWith("media/tutorial/birth-registration.mp4");
        assertThat(library.subtitles("tutorial/residence-temporary", Lang.VI)).contains("WEBVTT\n");
        assertThat(new ReleaseMedia(Optional::empty, MediaLibrary.empty()).video("release/" + InstalledRelease.sha(VIDEO)))
                .isEmpty();
    }
}
