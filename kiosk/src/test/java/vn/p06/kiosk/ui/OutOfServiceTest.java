package vn.p06.kiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Maintenance mode and screenshots, as remote commands drive them, on the real UI. */
@ExtendWith(ApplicationExtension.class)
class OutOfServiceTest {
    UiFixture f;

    @Start
    void start(Stage stage) throws Exception {
        f = new UiFixture();
        stage.setScene(new Scene(f.ui.root(), 1280, 800));
        stage.show();
    }

    @Test
    void maintenanceCoversTheScreenInBothLanguagesAndSwallowsTouches(FxRobot robot) throws Exception {
        f.ui.outOfService(true);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> UiFixture.shown(robot, "#out-of-service"));
        assertThat(UiFixture.visibleTexts(robot.lookup("#out-of-service").query()))
                .contains("Tạm ngừng phục vụ", "Temporarily out of service");

        robot.clickOn("#out-of-service");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(f.kinds()).as("a touch on the cover starts no visit").doesNotContain("session.start");

        f.ui.outOfService(false);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !UiFixture.shown(robot, "#out-of-service"));
    }

    @Test
    void aScreenshotIsAPngOfTheWholeScreen() throws Exception {
        byte[] png = f.ui.capturePng();
        var image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(800);
    }
}
