package vn.p06.kiosk.ui;

import javafx.scene.control.Button;
import javafx.scene.layout.GridPane;

import java.util.function.IntConsumer;

/**
 * A telephone-style keypad with big keys (well above 48 dp: shaky fingers, poor eyesight) for the
 * numbers on the card. Key ids are {@code pad-0} … {@code pad-9}, {@code pad-delete}, {@code pad-next}.
 */
final class NumericKeypad extends GridPane {

    NumericKeypad(I18n t, IntConsumer digit, Runnable delete, Runnable next) {
        setId("keypad");
        getStyleClass().add("keypad");
        for (int d = 1; d <= 9; d++) {
            add(key(d, digit), (d - 1) % 3, (d - 1) / 3);
        }
        Button del = KioskUi.button("pad-delete", t.t("card.pad.delete"), delete);
        del.getStyleClass().addAll("pad-key", "pad-word");
        add(del, 0, 3);
        add(key(0, digit), 1, 3);
        Button nxt = KioskUi.button("pad-next", t.t("card.pad.next"), next);
        nxt.getStyleClass().addAll("pad-key", "pad-word");
        add(nxt, 2, 3);
        for (var n : getChildren()) {
            ((Button) n).setFocusTraversable(false);
            ((Button) n).setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        }
    }

    private static Button key(int d, IntConsumer digit) {
        Button b = KioskUi.button("pad-" + d, Integer.toString(d), () -> digit.accept(d));
        b.getStyleClass().add("pad-key");
        return b;
    }
}
