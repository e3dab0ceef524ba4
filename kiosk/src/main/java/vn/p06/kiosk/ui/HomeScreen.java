package vn.p06.kiosk.ui;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import vn.p06.kiosk.catalog.Catalog;
import vn.p06.kiosk.catalog.Service;
import vn.p06.kiosk.catalog.ServiceGroup;

import java.util.List;

/**
 * Home: the services grouped in large tiles (reachable without typing), and search with the
 * on-screen keyboard. The search text lives in the session data, so it survives a language switch
 * and is wiped with the session.
 */
final class HomeScreen implements Screen {
    private final KioskUi ui;
    private final VBox results = new VBox();
    private final Label count = new Label();
    private TextField field;
    private VBox content;
    private Node groups;
    private VietKeyboard keyboard;
    /** The query changed since the last search event; the event carries only the result count. */
    private boolean searchPending;

    HomeScreen(KioskUi ui) {
        this.ui = ui;
    }

    @Override
    public Node view() {
        I18n t = ui.i18n();
        Label title = new Label(t.t("home.title"));
        title.getStyleClass().add("h1");
        title.setId("home-title");
        Label hint = new Label(t.t("home.hint"));
        hint.setWrapText(true);
        field = new TextField(ui.session().data().searchText());
        field.setId("search-field");
        field.setPromptText(t.t("home.search.prompt"));
        HBox.setHgrow(field, Priority.ALWAYS);
        field.setOnMouseClicked(e -> showKeyboard());
        field.setOnAction(e -> submit());
        Button searchButton = KioskUi.button("search-button", t.t("home.search"), this::showKeyboard);
        Button clear = KioskUi.button("clear-search", t.t("home.clear"), () -> field.setText(""));
        HBox searchRow = new HBox(field, searchButton, clear);
        searchRow.getStyleClass().add("search-row");
        searchRow.setAlignment(Pos.CENTER_LEFT);

        groups = groups(ui.catalog());
        count.setId("results-count");
        results.setId("results");
        results.getStyleClass().add("list");
        content = new VBox();
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        keyboard = new VietKeyboard(t, field, this::submit, this::hideKeyboard);
        keyboard.setVisible(false);
        keyboard.setManaged(false);

        field.textProperty().addListener((o, a, b) -> {
            ui.session().data().searchText(b);
            searchPending = true;
            update();
        });
        update();
        VBox root = new VBox(title, hint, searchRow, scroll, keyboard);
        root.setId("home");
        root.getStyleClass().add("screen");
        return root;
    }

    @Override
    public String prompt() {
        return ui.i18n().t("prompt.home");
    }

    private Node groups(Catalog catalog) {
        FlowPane tiles = new FlowPane();
        tiles.setId("groups");
        tiles.getStyleClass().add("tiles");
        for (ServiceGroup g : catalog.groups()) {
            int n = catalog.inGroup(g.id()).size();
            if (n == 0) {
                continue;
            }
            Button tile = KioskUi.button("group-" + g.id(),
                    g.title(ui.lang()) + "\n" + ui.i18n().t("home.services", n), () -> ui.flow().group(g.id()));
            tile.getStyleClass().add("tile");
            tiles.getChildren().add(tile);
        }
        return tiles;
    }

    private void update() {
        String q = field.getText();
        if (q.isBlank()) {
            content.getChildren().setAll(groups);
            return;
        }
        List<Service> found = ui.search().find(q);
        count.setText(found.isEmpty() ? ui.i18n().t("home.noResults") : ui.i18n().t("home.results", found.size()));
        results.getChildren().clear();
        for (Service s : found) {
            results.getChildren().add(ServiceButtons.of(ui, s, () -> {
                recordSearch(found.size());
                ui.flow().service(s.id());
            }));
        }
        content.getChildren().setAll(count, results);
    }

    private void submit() {
        recordSearch(ui.search().find(field.getText()).size());
        hideKeyboard();
    }

    private void recordSearch(int found) {
        if (searchPending && !field.getText().isBlank()) {
            ui.session().searched(found);
        }
        searchPending = false;
    }

    private void showKeyboard() {
        keyboard.setVisible(true);
        keyboard.setManaged(true);
    }

    private void hideKeyboard() {
        keyboard.setVisible(false);
        keyboard.setManaged(false);
    }
}
