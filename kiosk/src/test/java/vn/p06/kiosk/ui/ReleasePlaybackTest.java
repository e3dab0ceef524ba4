package vn.p06.kiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import vn.p06.kiosk.content.ActiveRelease;
import vn.p06.kiosk.content.InstalledRelease;
import vn.p06.protocol.content.ReleaseManifest;

/**
 * The attract loop playing a content release from a real store on disk, and its proof of play:
 * which item of which release, from when, for how long, completed or skipped.
 */
@ExtendWith(ApplicationExtension.class)
class ReleasePlaybackTest {
    UiFixture f;
    ActiveRelease release;
    String quick;
    String slow;

    @Start
    void start(Stage stage) throws Exception {
        byte[] one = resource("/ui/attract/attract-1.png");
        byte[] two = resource("/ui/attract/attract-2.png");
        quick = InstalledRelease.sha(one);
        slow = InstalledRelease.sha(two);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("quick.png", one);
        files.put("slow.png", two);
        ReleaseManifest.Playlist attract = new ReleaseManifest.Playlist(ReleaseManifest.ATTRACT_PLAYLIST, List.of(
                new ReleaseManifest.Item(quick, 1), new ReleaseManifest.Item(slow, 600)), List.of());
        release = InstalledRelease.install(Files.createTempDirectory("kiosk-content"), "2026.11.23-1", files,
                attract, Map.of());
        f = new UiFixture(() -> Optional.of(release));
        stage.setScene(new Scene(f.ui.root(), 1280, 800));
        stage.show();
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ReleasePlaybackTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    Optional<UiFixture.Event> played(String item) {
        return f.plays.stream().filter(e -> item.equals(e.attributes().get("item")))
                .findFirst();
    }

    @Test
    void itemsPlayFromTheReleaseAndEachPlayIsRecorded(FxRobot robot) throws Exception {
        // The 1 s image runs its time, then the long one shows, from the blob file.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> played(quick).isPresent());
        assertThat(played(quick).get().attributes()).containsEntry("release", "2026.11.23-1")
                .containsEntry("outcome", "completed").containsEntry("start", "2025-03-01T08:00:00Z");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> UiFixture.onFx(() -> robot.lookup("#attract-image").tryQuery()
                .map(n -> java.nio.file.Path.of(java.net.URI.create(((ImageView) n).getImage().getUrl())))
                .filter(file -> file.equals(release.blob(slow).orElseThrow())).isPresent()));

        // A resident touches the screen 7 s into it: the play is cut short.
        f.clock.advance(Duration.ofSeconds(7));
        robot.clickOn("#attract");

        assertThat(robot.lookup("#home").tryQuery()).isPresent();
        assertThat(played(slow)).get().extracting(UiFixture.Event::attributes).isEqualTo(Map.of(
                "item", slow, "release", "2026.11.23-1", "start", "2025-03-01T08:00:00Z",
                "seconds", "7", "outcome", "skipped"));
    }
}
