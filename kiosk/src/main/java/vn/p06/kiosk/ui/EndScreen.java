package vn.p06.kiosk.ui;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import vn.p06.kiosk.session.SessionManager;

/** End of visit: an optional rating from 1 to 5, then the session ends and everything is wiped. */
final class EndScreen implements Screen {
    private final KioskUi ui;

    EndScreen(KioskUi ui) {
        this.ui = ui;
    }

    @Override
    public Node view() {
        I18n t = ui.i18n();
        Label title = KioskUi.heading(t.t("end.title"));
        VBox ratings = new VBox();
        ratings.getStyleClass().add("ratings");
        ratings.setAlignment(Pos.CENTER);
        for (int v = 5; v >= 1; v--) {
            int value = v;
            Button b = KioskUi.button("rate-" + v, t.t("end.rate." + v), () -> {
                ui.session().rated(value);
                ui.thankNextAttract();
                ui.session().end(SessionManager.EndReason.DONE);
            });
            b.getStyleClass().addAll("rating", "rating-" + v);
            b.setMaxWidth(Double.MAX_VALUE);
            ratings.getChildren().add(b);
        }
        Button skip = KioskUi.button("skip", t.t("end.skip"), () -> ui.session().end(SessionManager.EndReason.DONE));
        Label privacy = new Label(t.t("end.privacy"));
        privacy.setWrapText(true);
        VBox root = new VBox(title, ratings, skip, privacy);
        root.setAlignment(Pos.TOP_CENTER);
        root.setId("end");
        root.getStyleClass().addAll("screen", "end");
        return root;
    }

    @Override
    public String prompt() {
        return ui.i18n().t("prompt.end");
    }
}
