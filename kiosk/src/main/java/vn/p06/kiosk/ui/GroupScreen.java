package vn.p06.kiosk.ui;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import vn.p06.kiosk.catalog.Service;
import vn.p06.kiosk.catalog.ServiceGroup;

/** The services of one group, each a large button with its title and one-line summary. */
final class GroupScreen implements Screen {
    private final KioskUi ui;
    private final String groupId;

    GroupScreen(KioskUi ui, String groupId) {
        this.ui = ui;
        this.groupId = groupId;
    }

    @Override
    public Node view() {
        ServiceGroup group = ui.catalog().group(groupId)
                .orElseThrow(() -> new IllegalStateException("no group " + groupId + " in the catalog"));
        Label title = new Label(group.title(ui.lang()));
        title.getStyleClass().add("h1");
        Label hint = new Label(ui.i18n().t("group.hint"));
        VBox list = new VBox();
        list.getStyleClass().add("list");
        for (Service s : ui.catalog().inGroup(groupId)) {
            list.getChildren().add(ServiceButtons.of(ui, s, () -> ui.flow().service(s.id())));
        }
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox root = new VBox(title, hint, scroll);
        root.setId("group");
        root.getStyleClass().add("screen");
        return root;
    }

    @Override
    public String prompt() {
        return ui.i18n().t("prompt.group");
    }
}
