package vn.p06.kiosk.ui;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * On-screen keyboard for search with the whole Vietnamese alphabet: the Latin letters, one key
 * for each of ă â đ ê ô ơ ư, and five tone keys that put the tone on the right vowel of the last
 * word ({@link Diacritics}). No typing of Telex sequences to learn; diacritics are optional anyway
 * because search ignores them. Key ids use Telex names (key-aw is ă, tone-j is nặng) so tests can
 * find them without non-ASCII selectors.
 */
final class VietKeyboard extends VBox {
    private static final String[] ROWS = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
    private static final String[][] VIETNAMESE = {
            {"ă", "aw"}, {"â", "aa"}, {"đ", "dd"}, {"ê", "ee"}, {"ô", "oo"}, {"ơ", "ow"}, {"ư", "uw"}};
    private static final Object[][] TONES = {
            {Diacritics.Tone.SAC, "s", "á"}, {Diacritics.Tone.HUYEN, "f", "à"}, {Diacritics.Tone.HOI, "r", "ả"},
            {Diacritics.Tone.NGA, "x", "ã"}, {Diacritics.Tone.NANG, "j", "ạ"}};

    VietKeyboard(I18n t, TextField target, Runnable onSearch, Runnable onHide) {
        setId("keyboard");
        getStyleClass().add("keyboard");
        setAlignment(Pos.CENTER);
        for (String row : ROWS) {
            HBox line = row();
            for (char c : row.toCharArray()) {
                line.getChildren().add(key("key-" + c, String.valueOf(c), () -> type(target, String.valueOf(c))));
            }
            getChildren().add(line);
        }
        HBox vietnamese = row();
        for (String[] v : VIETNAMESE) {
            vietnamese.getChildren().add(key("key-" + v[1], v[0], () -> type(target, v[0])));
        }
        getChildren().add(vietnamese);
        HBox tones = row();
        for (Object[] tone : TONES) {
            Diacritics.Tone mark = (Diacritics.Tone) tone[0];
            tones.getChildren().add(key("tone-" + tone[1], (String) tone[2],
                    () -> target.setText(Diacritics.applyTone(target.getText(), mark))));
        }
        getChildren().add(tones);
        HBox last = row();
        Button space = key("key-space", t.t("keyboard.space"), () -> type(target, " "));
        space.getStyleClass().add("wide");
        last.getChildren().addAll(
                key("key-delete", t.t("keyboard.delete"), () -> {
                    String s = target.getText();
                    if (!s.isEmpty()) {
                        target.setText(s.substring(0, s.offsetByCodePoints(s.length(), -1)));
                    }
                }),
                space,
                key("key-search", t.t("keyboard.search"), onSearch),
                key("key-hide", t.t("keyboard.hide"), onHide));
        last.lookup("#key-search").getStyleClass().add("primary");
        getChildren().add(last);
    }

    private static void type(TextField target, String s) {
        target.setText(target.getText() + s);
        target.positionCaret(target.getText().length());
    }

    private static HBox row() {
        HBox row = new HBox();
        row.getStyleClass().add("keyboard-row");
        row.setAlignment(Pos.CENTER);
        return row;
    }

    private static Button key(String id, String label, Runnable action) {
        Button b = KioskUi.button(id, label, action);
        b.getStyleClass().add("key");
        b.setFocusTraversable(false);
        return b;
    }
}
