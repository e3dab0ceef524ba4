package vn.p06.kiosk.ui;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class AttractLoopTest {
    UiFixture f;

    @Start
    void start(Stage stage) throws Exception {
        // A video that does not decode, one that was never delivered, and a good image.
        f = new UiFixture(new Playlist(List.of(
                new Playlist.Item(Playlist.Kind.VIDEO, "attract/broken", Duration.ofSeconds(30)),
                new Playlist.Item(Playlist.Kind.VIDEO, "attract/never-delivered", Duration.ofSeconds(30)),
                new Playlist.Item(Playlist.Kind.IMAGE, "/ui/attract/attract-1.png", Duration.ofSeconds(30)))));
        stage.setScene(new Scene(f.ui.root(), 1280, 800));
        stage.show();
    }

    @Test
    void aVideoThatFailsToDecodeShowsTheTextCardAndTheLoopGoesOn(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#attract-text").tryQuery().isPresent());
        assertThat(UiFixture.visibleTexts(robot.lookup("#attract").query()))
                .contains("Kiosk hướng dẫn dịch vụ công", "Chạm vào màn hình để bắt đầu");
        // Touch still works over the text card.
        robot.clickOn("#attract");
        assertThat(robot.lookup("#home").tryQuery()).isPresent();
    }
}
