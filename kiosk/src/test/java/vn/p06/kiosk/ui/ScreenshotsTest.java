package vn.p06.kiosk.ui;

import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import vn.p06.kiosk.catalog.Lang;
import vn.p06.kiosk.catalog.Service;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders every screen in Vietnamese and English to target/screenshots (and to the directory named
 * by {@code -Dkiosk.screenshots=...}, e.g. ../docs/screenshots), and proves that every Vietnamese
 * character the UI and the catalog use has a real glyph in the UI font (no tofu boxes).
 */
@ExtendWith(ApplicationExtension.class)
class ScreenshotsTest {
    UiFixture f;
    Stage stage;
    TestCardReader reader;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        f = new UiFixture(usage -> reader = new TestCardReader(usage));
        stage.setScene(new Scene(f.ui.root(), 1280, 800));
        stage.show();
    }

    @Test
    void everyScreenInBothLanguages(FxRobot robot) throws Exception {
        List<Path> written = new ArrayList<>();
        for (Lang lang : Lang.values()) {
            String l = lang.code();
            robot.interact(() -> f.ui.flow().attract());
            written.add(shot("attract", l));
            robot.interact(() -> {
                f.ui.wake();
                f.ui.i18n().lang(lang);
                f.ui.flow().refresh();
            });
            written.add(shot("home", l));
            robot.clickOn("#search-button");
            robot.interact(() -> ((TextField) robot.lookup("#search-field").query()).setText(lang == Lang.VI ? "tạm trú" : "residence"));
            written.add(shot("search-keyboard", l));
            robot.interact(() -> f.ui.flow().group("residence"));
            written.add(shot("group", l));
            robot.interact(() -> f.ui.flow().service("residence-temporary"));
            robot.interact(() -> ((CheckBox) robot.lookup("#doc-0").query()).setSelected(true));
            written.add(shot("service", l));
            robot.clickOn("#contrast");
            written.add(shot("service-high-contrast", l));
            robot.clickOn("#contrast");
            cardScreens(robot, l, written);
            robot.interact(() -> f.ui.flow().video("residence-temporary"));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> UiFixture.onFx(() -> robot.lookup("#video-fallback").tryQuery().isPresent()));
            written.add(shot("video-fallback", l));
            robot.interact(() -> f.ui.flow().end());
            f.clock.advance(Duration.ofSeconds(75));
            robot.interact(f.ui::tick);
            written.add(shot("end-countdown", l));
            robot.interact(() -> f.ui.session().end(vn.p06.kiosk.session.SessionManager.EndReason.DONE));
        }
        assertThat(written).hasSize(26).allSatisfy(p -> assertThat(Files.size(p)).isGreaterThan(10_000));
    }

    /** Key entry with a named wrong field, the read paused in the face image, the filled form, a tampered card, a cloned chip. */
    private void cardScreens(FxRobot robot, String l, List<Path> written) throws Exception {
        if (!reader.isCardPresent()) {
            reader.sim.insert();
        }
        robot.interact(() -> f.ui.flow().card("residence-temporary"));
        char wrong = (char) ('0' + (TestCardReader.BIRTH.charAt(6) - '0' + 1) % 10);
        typeAll(robot, TestCardReader.DOCUMENT + TestCardReader.BIRTH.substring(0, 6) + wrong + TestCardReader.EXPIRY);
        robot.clickOn("#card-read");
        written.add(shot("card-key", l));
        typeAll(robot, TestCardReader.DOCUMENT + TestCardReader.BIRTH + TestCardReader.EXPIRY);
        reader.pauseInFace();
        robot.clickOn("#card-read");
        reader.awaitFace();
        WaitForAsyncUtils.waitForFxEvents();
        written.add(shot("card-reading", l));
        reader.release();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> UiFixture.onFx(() -> robot.lookup("#card-form").tryQuery().isPresent()));
        WaitForAsyncUtils.waitForFxEvents();
        written.add(shot("card-form", l));
        reader.sim.remove();
        reader.sim.insert();
        reader.sim.fault(vn.p06.kiosk.card.SimulatedCardReader.Fault.TAMPERED);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> UiFixture.onFx(() -> robot.lookup("#card-key").tryQuery().isPresent()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#card-read");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> UiFixture.onFx(() -> robot.lookup("#card-notice").tryQuery()
                .map(n -> ((Label) n).getText().length() > 60).orElse(false)));
        written.add(shot("card-tampered", l));
        reader.sim.fault(vn.p06.kiosk.card.SimulatedCardReader.Fault.CLONED);
        robot.clickOn("#card-read");
        String cloned = f.ui.i18n().t("card.notice.cloned");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> UiFixture.onFx(() -> robot.lookup("#card-notice").tryQuery()
                .map(n -> ((Label) n).getText().equals(cloned)).orElse(false)));
        written.add(shot("card-cloned", l));
        reader.sim.fault(vn.p06.kiosk.card.SimulatedCardReader.Fault.NONE);
    }

    /** Replaces what was typed, as a resident would with the keypad (faster than clicking every key). */
    private void typeAll(FxRobot robot, String digits) {
        robot.interact(() -> {
            KeyEntry entry = f.ui.card().entry();
            entry.wipe();
            for (char c : digits.toCharArray()) {
                entry.type(c);
            }
            f.ui.flow().refresh();
        });
    }

    private Path shot(String name, String lang) throws Exception {
        Image img = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get();
        Path out = Path.of("target/screenshots", name + "-" + lang + ".png");
        Files.createDirectories(out.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.toFile());
        String publish = System.getProperty("kiosk.screenshots");
        if (publish != null) {
            Path dir = Path.of(publish);
            Files.createDirectories(dir);
            Files.copy(out, dir.resolve(out.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return out;
    }

    @Test
    void everyVietnameseCharacterHasAGlyph(FxRobot robot) throws Exception {
        assertThat(Font.getFamilies()).as("install fonts-noto-core").contains("Noto Sans");
        TreeSet<Character> chars = new TreeSet<>();
        ResourceBundle vi = I18n.bundle(Lang.VI);
        StringBuilder all = new StringBuilder();
        vi.keySet().forEach(k -> all.append(vi.getString(k)));
        for (Service s : f.catalogs.current().services()) {
            var t = s.text(Lang.VI);
            all.append(t.title()).append(t.summary()).append(t.audience()).append(t.fees()).append(t.timeLimit())
                    .append(String.join("", t.stepsOnline())).append(String.join("", t.stepsDesk()))
                    .append(String.join("", t.documents()));
        }
        all.append("ăâđêôơư áàảãạ").append(all.toString().toUpperCase());
        for (char c : all.toString().toCharArray()) {
            if (c > 127 && !Character.isWhitespace(c)) {
                chars.add(c);
            }
        }
        assertThat(chars.size()).isGreaterThan(60);
        Image tofu = render("\u0378");
        StringBuilder missing = new StringBuilder();
        for (char c : chars) {
            if (same(render(String.valueOf(c)), tofu)) {
                missing.append(c);
            }
        }
        assertThat(missing.toString()).as("characters drawn as tofu boxes").isEmpty();
    }

    private Image render(String text) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Label label = new Label(text);
            label.setFont(Font.font("Noto Sans", 28));
            label.setStyle("-fx-text-fill: black;");
            VBox box = new VBox(label);
            box.setPadding(new Insets(2));
            new Scene(box);
            box.applyCss();
            box.layout();
            SnapshotParameters p = new SnapshotParameters();
            p.setFill(Color.WHITE);
            return (Image) label.snapshot(p, null);
        }).get();
    }

    private static boolean same(Image a, Image b) {
        if ((int) a.getWidth() != (int) b.getWidth() || (int) a.getHeight() != (int) b.getHeight()) {
            return false;
        }
        PixelReader pa = a.getPixelReader();
        PixelReader pb = b.getPixelReader();
        for (int y = 0; y < (int) a.getHeight(); y++) {
            for (int x = 0; x < (int) a.getWidth(); x++) {
                if (pa.getArgb(x, y) != pb.getArgb(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

}
