package vn.p06.kiosk.ui;

import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import vn.p06.kiosk.card.ReadStep;

import java.util.ArrayList;
import java.util.List;

/**
 * While the chip is read: what is happening now, a bar, and the four stages with the done ones
 * marked. The face image takes seconds on a real chip, so the bar moves with its bytes; without
 * it an elderly resident would think the kiosk froze and pull the card. The read itself belongs
 * to {@link CardVisit}; this screen only watches it, so rebuilding it (language switch) does not
 * read the card again.
 */
final class CardReadScreen implements Screen {
    /** The stages shown to the resident, each covering some {@link ReadStep}s. */
    private static final String[] STAGES = {"card.stage.open", "card.stage.text", "card.stage.face", "card.stage.check"};
    /** What is happening now, one line per stage. */
    private static final String[] NOW = {"card.stage.open.now", "card.stage.text.now", "card.stage.face.now",
            "card.stage.check.now"};
    private final KioskUi ui;
    private final CardVisit visit;
    private final Label now = new Label();
    private final List<HBox> stages = new ArrayList<>();
    private final ChangeListener<ReadStep> stepListener = (o, was, step) -> render(step);
    private ProgressBar bar;

    CardReadScreen(KioskUi ui) {
        this.ui = ui;
        this.visit = ui.card();
    }

    @Override
    public Node view() {
        I18n t = ui.i18n();
        Label title = KioskUi.heading(t.t("card.reading.title"));
        title.setId("card-reading-title");
        now.setId("card-step");
        now.getStyleClass().add("h2");
        now.setWrapText(true);
        bar = new ProgressBar();
        bar.setId("card-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(visit.fraction());
        VBox list = new VBox();
        list.getStyleClass().add("stages");
        for (int i = 0; i < STAGES.length; i++) {
            Region dot = new Region();
            dot.getStyleClass().add("stage-dot");
            Label text = new Label(t.t(STAGES[i]));
            text.setWrapText(true);
            HBox row = new HBox(dot, text);
            row.setId("stage-" + i);
            row.getStyleClass().add("stage");
            row.setAlignment(Pos.CENTER_LEFT);
            stages.add(row);
            list.getChildren().add(row);
        }
        Label keep = new Label(t.t("card.reading.keep"));
        keep.getStyleClass().add("badge");
        keep.setWrapText(true);
        visit.stepProperty().addListener(stepListener);
        render(visit.step());
        VBox root = new VBox(title, keep, now, bar, list);
        root.setId("card-reading");
        root.getStyleClass().addAll("screen", "card", "card-reading");
        return root;
    }

    static int stage(ReadStep step) {
        switch (step) {
            case CONNECTING:
            case ACCESS_CONTROL:
                return 0;
            case DG2:
                return 2;
            case VERIFYING:
            case DONE:
                return 3;
            default:
                return 1;
        }
    }

    private void render(ReadStep step) {
        int current = stage(step);
        now.setText(ui.i18n().t(NOW[current]));
        for (int i = 0; i < stages.size(); i++) {
            HBox row = stages.get(i);
            row.getStyleClass().removeAll("stage-done", "stage-now");
            if (i < current || step == ReadStep.DONE) {
                row.getStyleClass().add("stage-done");
            } else if (i == current) {
                row.getStyleClass().add("stage-now");
            }
        }
    }

    @Override
    public String prompt() {
        return ui.i18n().t("card.reading.prompt");
    }

    @Override
    public void dispose() {
        visit.stepProperty().removeListener(stepListener);
        if (bar != null) {
            bar.progressProperty().unbind();
        }
    }
}
