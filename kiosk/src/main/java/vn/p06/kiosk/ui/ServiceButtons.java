package vn.p06.kiosk.ui;

import javafx.scene.control.Button;
import vn.p06.kiosk.catalog.Service;

/** The large two-line button that opens a service, used by search results, groups and links. */
final class ServiceButtons {
    private ServiceButtons() {
    }

    static Button of(KioskUi ui, Service s, Runnable open) {
        var text = s.text(ui.lang());
        Button b = KioskUi.button("service-" + s.id(), text.title() + "\n" + text.summary(), open);
        b.getStyleClass().add("service-button");
        b.setMaxWidth(Double.MAX_VALUE);
        return b;
    }
}
