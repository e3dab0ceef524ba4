package vn.p06.kiosk.ui;

import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import vn.p06.kiosk.card.CanKey;
import vn.p06.kiosk.card.MrzField;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Use my ID card": lay the card on the reader and type the numbers that open its chip on a big
 * keypad. The key is checked here (check digits, real dates) before the chip is touched, and a
 * wrong field is named in plain words. After a failed read the resident lands here again, with
 * what they typed kept and the reason shown. A toggle switches to the six-digit CAN printed on the
 * card front, which opens chips that do PACE (newer cards) with one short number.
 */
final class CardKeyScreen extends CardScreen {
    private final Map<MrzField, Button> fields = new EnumMap<>(MrzField.class);
    private final VBox problems = new VBox();
    private final Label presence = new Label();
    private final ChangeListener<Boolean> presenceListener = (o, was, now) -> showPresence();
    private List<MrzField> wrong = List.of();
    private Button canBox;
    private boolean canIncomplete;

    CardKeyScreen(KioskUi ui, String serviceId) {
        super(ui, serviceId);
    }

    @Override
    public Node view() {
        I18n t = ui.i18n();
        KeyEntry entry = visit.entry();
        Label title = KioskUi.heading(t.t("card.title"));
        Label forService = ui.forService(serviceId);

        Label step1 = heading(t.t("card.step1"));
        presence.setId("card-presence");
        presence.setWrapText(true);
        visit.present().addListener(presenceListener);
        showPresence();

        Label step2 = heading(t.t(entry.canMode() ? "card.step2.can" : entry.fromQr() ? "card.step2.qr" : "card.step2"));
        VBox form = new VBox(step1, presence, step2);
        form.getStyleClass().add("card-steps");
        if (entry.fromQr() && !entry.canMode()) {
            Label qr = new Label(t.t("card.qr.used"));
            qr.setId("card-qr-used");
            qr.getStyleClass().add("badge");
            qr.setWrapText(true);
            form.getChildren().add(qr);
        }
        if (entry.canMode()) {
            canBox = KioskUi.button("field-can", "", () -> { });
            canBox.getStyleClass().addAll("field-box", "active");
            canBox.setMaxWidth(Double.MAX_VALUE);
            canBox.setFocusTraversable(false);
            form.getChildren().addAll(fieldLabel(t.t("card.field.can")), canBox);
        }
        for (MrzField f : entry.canMode() ? List.<MrzField>of() : entry.typed()) {
            Label label = fieldLabel(fieldLabel(f, entry.fromQr()));
            Button box = KioskUi.button(fieldId(f), "", () -> {
                entry.active(f);
                render();
            });
            box.getStyleClass().add("field-box");
            box.setMaxWidth(Double.MAX_VALUE);
            box.setFocusTraversable(false);
            fields.put(f, box);
            form.getChildren().addAll(label, box);
        }
        Label hint = new Label(t.t(entry.canMode() ? "card.hint.can" : entry.fromQr() ? "card.hint.qr" : "card.hint"));
        hint.setId("card-hint");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        Button other = KioskUi.button(entry.canMode() ? "card-use-mrz" : "card-use-can",
                t.t(entry.canMode() ? "card.useMrz" : "card.useCan"), this::switchKey);
        other.setWrapText(true);
        other.setMaxWidth(Double.MAX_VALUE);
        form.getChildren().addAll(hint, other);
        // Scrolls only at the larger text sizes; the keypad and "read" stay put beside it.
        ScrollPane scroll = new ScrollPane(form);
        scroll.setId("card-key-scroll");
        scroll.setFitToWidth(true);
        HBox.setHgrow(scroll, Priority.ALWAYS);

        NumericKeypad keypad = new NumericKeypad(t, d -> {
            entry.type((char) ('0' + d));
            typed();
        }, () -> {
            entry.delete();
            typed();
        }, () -> {
            if (entry.canMode()) {
                return; // one box: nowhere to go
            }
            List<MrzField> order = entry.typed();
            entry.active(order.get((order.indexOf(entry.active()) + 1) % order.size()));
            render();
        });
        Button read = KioskUi.button("card-read", t.t("card.read"), this::read);
        read.getStyleClass().addAll("primary", "card-read");
        read.setMaxWidth(Double.MAX_VALUE);
        VBox side = new VBox(keypad, read);
        side.getStyleClass().add("card-side");
        problems.setId("card-problems");
        problems.getStyleClass().add("card-problems");
        HBox body = new HBox(scroll, side);
        body.getStyleClass().add("card-body");
        body.setAlignment(Pos.TOP_LEFT);
        VBox.setVgrow(body, Priority.ALWAYS);
        VBox root = new VBox(title, forService, problems, body);
        root.setId("card-key");
        root.getStyleClass().addAll("screen", "card");
        render();
        return root;
    }

    /** MRZ numbers ↔ CAN: the screen is rebuilt for the other key; what was typed in each stays. */
    private void switchKey() {
        visit.entry().canMode(!visit.entry().canMode());
        visit.notice(CardVisit.Notice.NONE);
        ui.flow().refresh();
    }

    /** Typing again means the resident is fixing things: old complaints go. */
    private void typed() {
        wrong = List.of();
        canIncomplete = false;
        visit.notice(CardVisit.Notice.NONE);
        render();
    }

    private void read() {
        if (visit.entry().canMode()) {
            Optional<CanKey> can = visit.entry().canKey();
            canIncomplete = can.isEmpty();
            if (canIncomplete) {
                visit.notice(CardVisit.Notice.NONE);
                render();
            } else if (cardPresent()) {
                ui.flow().cardRead(serviceId, can.get());
            }
            return;
        }
        KeyEntry.Checked checked = visit.entry().key();
        if (!checked.wrong().isEmpty()) {
            // Named before the chip is touched: a refused key would say nothing about which number is wrong.
            wrong = checked.wrong();
            visit.notice(CardVisit.Notice.NONE);
            visit.entry().active(wrong.get(0));
            render();
            return;
        }
        if (cardPresent()) {
            ui.flow().cardRead(serviceId, checked.key().orElseThrow());
        }
    }

    /** Says so when no card lies on the reader (a read would only fail). */
    private boolean cardPresent() {
        if (visit.present().get()) {
            return true;
        }
        wrong = List.of();
        visit.notice(CardVisit.Notice.NO_CARD);
        render();
        return false;
    }

    private void render() {
        KeyEntry entry = visit.entry();
        fields.forEach((f, box) -> {
            box.setText(shape(f, entry.digits(f), entry.length(f)));
            box.getStyleClass().removeAll("active", "invalid");
            if (f == entry.active()) {
                box.getStyleClass().add("active");
            }
            if (wrong.contains(f)) {
                box.getStyleClass().add("invalid");
            }
        });
        if (canBox != null) {
            canBox.setText(shapeCan(entry.canDigits()));
            canBox.getStyleClass().remove("invalid");
            if (canIncomplete) {
                canBox.getStyleClass().add("invalid");
            }
        }
        I18n t = ui.i18n();
        List<Node> lines = new ArrayList<>();
        for (MrzField f : wrong) {
            lines.add(problem("card-invalid-" + fieldId(f).substring("field-".length()), t.t(invalidKey(f))));
        }
        if (canIncomplete) {
            lines.add(problem("card-invalid-can", t.t("card.invalid.can")));
        }
        String notice = noticeKey(visit.notice(), entry.canMode());
        if (notice != null) {
            lines.add(problem("card-notice", t.t(notice)));
        }
        problems.getChildren().setAll(lines);
        problems.setVisible(!lines.isEmpty());
        problems.setManaged(!lines.isEmpty());
    }

    private void showPresence() {
        boolean on = visit.present().get();
        presence.setText(ui.i18n().t(on ? "card.present" : "card.absent"));
        presence.getStyleClass().removeAll("present", "absent");
        presence.getStyleClass().add(on ? "present" : "absent");
    }

    /**
     * The digits typed so far in the shape they have on the card, blanks as underscores: the
     * resident sees how many are still missing. Dates as DD/MM/YY, then the check digit.
     */
    static String shape(MrzField f, String typed, int length) {
        StringBuilder all = new StringBuilder(typed);
        while (all.length() < length) {
            all.append('_');
        }
        String s = all.toString();
        boolean check = length == 10 || length == 7;
        String value = check ? s.substring(0, length - 1) : s;
        String shaped = f == MrzField.DOCUMENT_NUMBER ? value
                : value.substring(0, 2) + "/" + value.substring(2, 4) + "/" + value.substring(4, 6);
        return check ? shaped + "  \u00b7  " + s.charAt(length - 1) : shaped;
    }

    /** The CAN typed so far, blanks as underscores, in two groups of three to read it back easily. */
    static String shapeCan(String typed) {
        StringBuilder all = new StringBuilder(typed);
        while (all.length() < KeyEntry.CAN_LENGTH) {
            all.append('_');
        }
        return all.substring(0, 3) + " " + all.substring(3);
    }

    private static Label fieldLabel(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }

    private Label problem(String id, String text) {
        Label l = new Label(text);
        l.setId(id);
        l.setWrapText(true);
        l.getStyleClass().add("problem");
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("h2");
        l.setWrapText(true);
        return l;
    }

    static String fieldId(MrzField f) {
        switch (f) {
            case DOCUMENT_NUMBER:
                return "field-document";
            case DATE_OF_BIRTH:
                return "field-birth";
            case DATE_OF_EXPIRY:
            default:
                return "field-expiry";
        }
    }

    private String fieldLabel(MrzField f, boolean qr) {
        I18n t = ui.i18n();
        switch (f) {
            case DOCUMENT_NUMBER:
                return t.t("card.field.document");
            case DATE_OF_BIRTH:
                return t.t("card.field.birth");
            case DATE_OF_EXPIRY:
            default:
                return t.t(qr ? "card.field.expiry.qr" : "card.field.expiry");
        }
    }

    private static String invalidKey(MrzField f) {
        switch (f) {
            case DOCUMENT_NUMBER:
                return "card.invalid.document";
            case DATE_OF_BIRTH:
                return "card.invalid.birth";
            case DATE_OF_EXPIRY:
            default:
                return "card.invalid.expiry";
        }
    }

    /** @return null when there is nothing to say */
    private static String noticeKey(CardVisit.Notice n, boolean can) {
        switch (n) {
            case NO_CARD:
                return "card.notice.noCard";
            case WRONG_KEY:
                return can ? "card.notice.wrongCan" : "card.notice.wrongKey";
            case REMOVED:
                return "card.notice.removed";
            case REMOVED_FROM_FORM:
                return "card.notice.removedForm";
            case TAMPERED:
                return "card.notice.tampered";
            case CLONED:
                return "card.notice.cloned";
            case UNSUPPORTED:
                return "card.notice.unsupported";
            case QR_INVALID:
                return "card.notice.qrInvalid";
            case NONE:
            default:
                return null;
        }
    }

    @Override
    public String prompt() {
        boolean can = visit.entry().canMode();
        String notice = noticeKey(visit.notice(), can);
        return notice != null ? ui.i18n().t(notice) : ui.i18n().t(can ? "card.prompt.can" : "card.prompt");
    }

    @Override
    public void dispose() {
        visit.present().removeListener(presenceListener);
    }
}
