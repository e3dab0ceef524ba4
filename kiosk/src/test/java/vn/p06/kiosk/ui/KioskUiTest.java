package vn.p06.kiosk.ui;

import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import vn.p06.kiosk.catalog.CatalogStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class KioskUiTest {
    UiFixture f;
    Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        f = new UiFixture();
        stage.setScene(new Scene(f.ui.root(), 1280, 800));
        stage.show();
    }

    private <T extends Node> T node(FxRobot robot, String query) {
        return robot.lookup(query).query();
    }

    /** Scrolls the node into view (long pages scroll on the kiosk too), then touches it. */
    static void touch(FxRobot robot, String query) {
        Node n = robot.lookup(query).query();
        robot.interact(() -> {
            Node p = n.getParent();
            while (p != null && !(p instanceof ScrollPane)) {
                p = p.getParent();
            }
            if (p instanceof ScrollPane sp) {
                Node content = sp.getContent();
                Bounds b = content.sceneToLocal(n.localToScene(n.getBoundsInLocal()));
                double room = content.getBoundsInLocal().getHeight() - sp.getViewportBounds().getHeight();
                if (room > 0) {
                    sp.setVvalue(Math.max(0, Math.min(1, (b.getMinY() - 20) / room)));
                }
            }
        });
        robot.clickOn(query);
    }

    private void waitFor(FxRobot robot, String query) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> UiFixture.shown(robot, query));
    }

    @Test
    void walksAttractHomeServiceVideoRating(FxRobot robot) throws Exception {
        assertThat(UiFixture.shown(robot, "#attract")).isTrue();
        assertThat(UiFixture.shown(robot, "#top-bar")).isFalse();
        robot.clickOn("#attract");
        assertThat(UiFixture.shown(robot, "#home")).isTrue();
        assertThat(f.speech.said()).last().extracting(u -> u.text()).asString().startsWith("Bạn cần làm thủ tục gì?");

        touch(robot, "#group-residence");
        robot.clickOn("#service-residence-temporary");
        assertThat(node(robot, "#service-title").<Label>getClass()).isEqualTo(Label.class);
        assertThat(((Label) node(robot, "#service-title")).getText()).isEqualTo("Đăng ký tạm trú");
        assertThat(UiFixture.shown(robot, "#qr")).isTrue();
        assertThat(UiFixture.shown(robot, "#badge-fees")).as("unverified fees carry a badge").isTrue();
        touch(robot, "#doc-0");
        assertThat(f.ui.session().data().isTicked("residence-temporary", 0)).isTrue();
        robot.clickOn("#print");
        assertThat(((Label) node(robot, "#print-status")).getText()).startsWith("Đã gửi lệnh in");
        assertThat(f.printed).containsExactly("residence-temporary/vi");

        robot.clickOn("#watch");
        waitFor(robot, "#video-fallback");
        assertThat(((Label) node(robot, "#video-message")).getText()).contains("hướng dẫn bằng chữ");
        assertThat(UiFixture.visibleTexts(node(robot, "#video"))).anyMatch(t -> t.startsWith("1. Mở ứng dụng VNeID"));

        robot.clickOn("#done");
        assertThat(UiFixture.shown(robot, "#end")).isTrue();
        robot.clickOn("#rate-4");
        assertThat(UiFixture.shown(robot, "#attract")).isTrue();
        assertThat(UiFixture.shown(robot, "#attract-thanks")).isTrue();

        assertThat(f.kinds()).containsExactly("session.start", "service.viewed", "guide.printed", "video.played",
                "rating", "session.end");
        assertThat(f.events.get(1).attributes()).isEqualTo(Map.of("service", "residence-temporary"));
        assertThat(f.events.get(3).attributes()).containsEntry("service", "residence-temporary")
                .containsEntry("outcome", "failed").containsEntry("seconds", "0");
        assertThat(f.events.get(4).attributes()).isEqualTo(Map.of("value", "4"));
        assertThat(f.events.get(5).attributes()).containsEntry("reason", "done");
        assertThat(f.ui.session().data().isEmpty()).isTrue();
    }

    @Test
    void searchesWithTheOnScreenKeyboardAndRecordsOnlyTheCount(FxRobot robot) throws Exception {
        robot.clickOn("#attract");
        robot.clickOn("#search-button");
        assertThat(UiFixture.shown(robot, "#keyboard")).isTrue();
        for (String key : List.of("#key-t", "#key-a", "#key-m", "#tone-j", "#key-space", "#key-t", "#key-r", "#key-u", "#tone-s")) {
            robot.clickOn(key);
        }
        TextField field = node(robot, "#search-field");
        assertThat(field.getText()).isEqualTo("tạm trú");
        Pane results = node(robot, "#results");
        assertThat(results.getChildren()).isNotEmpty();
        assertThat(results.getChildren().get(0).getId()).isEqualTo("service-residence-temporary");
        robot.clickOn("#key-search");
        assertThat(UiFixture.shown(robot, "#keyboard")).isFalse();

        assertThat(f.kinds()).containsExactly("session.start", "search");
        assertThat(f.events.get(1).attributes()).isEqualTo(Map.of("results", Integer.toString(results.getChildren().size())));
        assertThat(f.events.toString()).doesNotContain("tạm", "tam", "trú");

        robot.clickOn("#service-residence-temporary");
        assertThat(UiFixture.shown(robot, "#service")).isTrue();
        // Back returns to the results, still there (the text lives in the session).
        robot.clickOn("#back");
        assertThat(((TextField) node(robot, "#search-field")).getText()).isEqualTo("tạm trú");
    }

    @Test
    void inactivityShowsACountdownThenEndsAndWipesEverything(FxRobot robot) throws Exception {
        robot.clickOn("#attract");
        robot.interact(() -> ((TextField) robot.lookup("#search-field").query()).setText("ho chieu"));
        robot.clickOn("#service-passport");
        touch(robot, "#doc-1");
        robot.clickOn("#text-size");
        assertThat(f.ui.session().data().isEmpty()).isFalse();

        f.clock.advance(Duration.ofSeconds(75));
        robot.interact(f.ui::tick);
        assertThat(UiFixture.shown(robot, "#countdown")).isTrue();
        assertThat(((Label) node(robot, "#countdown")).getText()).contains("15 giây");
        assertThat(UiFixture.shown(robot, "#service")).isTrue();

        f.clock.advance(Duration.ofSeconds(15));
        robot.interact(f.ui::tick);
        assertThat(UiFixture.shown(robot, "#attract")).isTrue();
        assertThat(UiFixture.shown(robot, "#countdown")).isFalse();
        assertThat(f.ui.session().active()).isFalse();
        assertThat(f.ui.session().data().isEmpty()).isTrue();
        assertThat(f.events).last().isEqualTo(new UiFixture.Event("session.end", Map.of("reason", "timeout", "seconds", "90")));

        // The next resident finds nothing of the previous one, and the default text size.
        robot.clickOn("#attract");
        assertThat(((TextField) node(robot, "#search-field")).getText()).isEmpty();
        assertThat(f.ui.textSize()).isZero();
        touch(robot, "#group-identity");
        robot.clickOn("#service-passport");
        assertThat(((CheckBox) node(robot, "#doc-1")).isSelected()).isFalse();
    }

    @Test
    void touchKeepsTheSessionAlive(FxRobot robot) throws Exception {
        robot.clickOn("#attract");
        f.clock.advance(Duration.ofSeconds(80));
        robot.interact(f.ui::tick);
        assertThat(UiFixture.shown(robot, "#countdown")).isTrue();
        robot.clickOn("#home-title");
        assertThat(UiFixture.shown(robot, "#countdown")).isFalse();
        f.clock.advance(Duration.ofSeconds(80));
        robot.interact(f.ui::tick);
        assertThat(f.ui.session().active()).isTrue();
    }

    /** Strings that are the same in both languages on purpose: numbers, times, the portal address, keys. */
    private static final Pattern SAME_IN_BOTH = Pattern.compile("\\d+:\\d\\d / \\d+:\\d\\d|dichvucong\\.gov\\.vn|.{1,2}");

    private void switchAndCompare(FxRobot robot, String screen) {
        List<String> before = UiFixture.visibleTexts(node(robot, screen));
        List<String> barBefore = UiFixture.visibleTexts(node(robot, "#top-bar"));
        robot.clickOn("#language");
        List<String> after = UiFixture.visibleTexts(node(robot, screen));
        List<String> barAfter = UiFixture.visibleTexts(node(robot, "#top-bar"));
        assertThat(after).as(screen).hasSameSizeAs(before);
        Set<String> unchanged = new HashSet<>(before);
        unchanged.addAll(barBefore);
        unchanged.retainAll(new HashSet<>(after) {{ addAll(barAfter); }});
        unchanged.removeIf(s -> SAME_IN_BOTH.matcher(s).matches());
        assertThat(unchanged).as("strings on " + screen + " that did not change language").isEmpty();
        List<String> all = new ArrayList<>(after);
        all.addAll(barAfter);
        assertThat(all).noneMatch(s -> s.contains(I18n.MISSING));
    }

    @Test
    void languageSwitchChangesEveryVisibleString(FxRobot robot) throws Exception {
        robot.clickOn("#attract");
        switchAndCompare(robot, "#home");                  // vi → en
        touch(robot, "#group-civil-status");
        switchAndCompare(robot, "#group");                 // en → vi
        robot.clickOn("#service-birth-registration");
        switchAndCompare(robot, "#service");               // vi → en
        robot.clickOn("#watch");
        waitFor(robot, "#video-fallback");
        switchAndCompare(robot, "#video");                 // en → vi
        robot.clickOn("#done");
        switchAndCompare(robot, "#end");                   // vi → en
        robot.clickOn("#home");
        robot.clickOn("#search-button");
        robot.interact(() -> ((TextField) robot.lookup("#search-field").query()).setText("khai sinh"));
        switchAndCompare(robot, "#home");                  // en → vi, with results and keyboard
    }

    @Test
    void everyTouchTargetIsAtLeast48pxOnEveryScreen(FxRobot robot) throws Exception {
        robot.clickOn("#attract");
        robot.clickOn("#search-button");
        List<String> small = new ArrayList<>(tooSmall(robot.lookup("#home").query()));
        robot.clickOn("#key-hide");
        touch(robot, "#group-vehicles");
        small.addAll(tooSmall(robot.lookup("#group").query()));
        robot.clickOn("#service-driving-licence");
        small.addAll(tooSmall(robot.lookup("#service").query()));
        small.addAll(tooSmall(robot.lookup("#top-bar").query()));
        robot.clickOn("#watch");
        waitFor(robot, "#video-fallback");
        small.addAll(tooSmall(robot.lookup("#video").query()));
        robot.clickOn("#done");
        small.addAll(tooSmall(robot.lookup("#end").query()));
        assertThat(small).isEmpty();
    }

    /**
     * Touch targets under 48 px, measured on the FX thread after a CSS and layout pass: a node added
     * a moment ago may not have been laid out yet (0×0) when the test gets there.
     */
    static List<String> tooSmall(Node root) throws Exception {
        return UiFixture.onFx(() -> {
            root.getScene().getRoot().applyCss();
            root.getScene().getRoot().layout();
            return controlsUnder48(root);
        });
    }

    private static List<String> controlsUnder48(Node root) {
        List<String> out = new ArrayList<>();
        List<Node> all = new ArrayList<>();
        all.add(root);
        for (int i = 0; i < all.size(); i++) {
            Node n = all.get(i);
            if (!n.isVisible()) {
                continue;
            }
            if ((n instanceof Button || n instanceof CheckBox || n instanceof TextField)
                    && (((Control) n).getHeight() < 48 || ((Control) n).getWidth() < 48)) {
                out.add(n.getId() + " " + ((Control) n).getWidth() + "x" + ((Control) n).getHeight());
            }
            if (n instanceof javafx.scene.control.ScrollPane sp) {
                all.add(sp.getContent());
            } else if (n instanceof javafx.scene.Parent p && !(n instanceof Control)) {
                all.addAll(p.getChildrenUnmodifiable());
            }
        }
        return out;
    }

    @Test
    void textSizeAndHighContrastSwitches(FxRobot robot) {
        robot.clickOn("#attract");
        double before = ((Label) node(robot, "#home-title")).getHeight();
        robot.clickOn("#text-size");
        robot.clickOn("#text-size");
        assertThat(f.ui.root().getStyle()).contains("-fx-font-size: 29px");
        assertThat(((Label) node(robot, "#home-title")).getHeight()).isGreaterThan(before * 1.2);
        assertThat(((Button) node(robot, "#text-size")).getText()).isEqualTo("Cỡ chữ: rất lớn");
        robot.clickOn("#contrast");
        assertThat(f.ui.root().getStyleClass()).contains("high-contrast");
        robot.clickOn("#voice");
        touch(robot, "#group-tax");
        int said = f.speech.said().size();
        robot.clickOn("#service-tax-registration");
        assertThat(f.speech.said()).as("voice off: no prompt").hasSize(said);
        robot.clickOn("#listen");
        assertThat(f.speech.said()).as("listen always speaks").hasSize(said + 1);
    }

    @Test
    void aFailingScreenReturnsToTheAttractLoop(FxRobot robot) throws Exception {
        robot.clickOn("#attract");
        touch(robot, "#group-identity");
        robot.interact(() -> f.ui.flow().service("no-such-service"));
        assertThat(UiFixture.shown(robot, "#attract")).isTrue();
        assertThat(f.events).last().extracting(e -> e.attributes().get("reason")).isEqualTo("recovered");

        // An exception thrown on the JavaFX thread, handled the way KioskApp wires it.
        robot.clickOn("#attract");
        assertThat(UiFixture.shown(robot, "#home")).isTrue();
        robot.interact(() -> Thread.currentThread().setUncaughtExceptionHandler((t, e) -> f.ui.recover(e)));
        Platform.runLater(() -> {
            throw new IllegalStateException("simulated bug in a screen");
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> UiFixture.shown(robot, "#attract"));
        assertThat(f.ui.session().active()).isFalse();
        robot.clickOn("#attract");
        assertThat(UiFixture.shown(robot, "#home")).as("the kiosk still works").isTrue();
    }

    @Test
    void aBadCatalogFileKeepsThePreviousCatalogOnScreen(FxRobot robot) throws Exception {
        Path bad = Files.createTempFile("catalog", ".json");
        Files.writeString(bad, "{\"version\":\"broken\",\"groups\":[],\"services\":[]}");
        CatalogStore.Outcome outcome = f.catalogs.load(bad);
        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.reason()).isEqualTo("field 'groups' must be a non-empty list");
        robot.clickOn("#attract");
        Pane groups = node(robot, "#groups");
        assertThat(groups.getChildren()).hasSize(11);
        assertThat(f.catalogs.current().version()).isEqualTo("2025.1-draft");
    }

    @Test
    void printerFailureTellsTheResidentToAskAtTheDesk(FxRobot robot) throws Exception {
        f.printerOutOfPaper = true;
        robot.clickOn("#attract");
        touch(robot, "#group-residence");
        robot.clickOn("#service-residence-permanent");
        robot.clickOn("#print");
        assertThat(((Label) node(robot, "#print-status")).getText()).isEqualTo("Chưa in được. Mời bạn hỏi cán bộ một cửa.");
        assertThat(UiFixture.shown(robot, "#service")).as("still on the service, not crashed").isTrue();
        assertThat(f.events).last().isEqualTo(new UiFixture.Event("guide.printed",
                Map.of("service", "residence-permanent", "outcome", "failed")));
    }
}
