package vn.p06.kiosk.ui;

import java.util.LinkedHashMap;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.catalog.Lang;
import vn.p06.kiosk.print.A4Printer;
import vn.p06.kiosk.print.FormPdf;
import vn.p06.kiosk.print.PdfFonts;
import vn.p06.kiosk.print.PrintException;

import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import vn.p06.kiosk.card.Authenticity;
import vn.p06.kiosk.card.ChipProof;
import vn.p06.kiosk.card.CardSession;
import vn.p06.kiosk.card.FaceImage;
import vn.p06.kiosk.card.FormField;
import vn.p06.kiosk.card.PrefilledValue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service form as the card fills it: each field the card holds is shown filled and marked
 * "from your card" ("not verified" too when the signer is unknown), the face from the chip beside
 * it, and the fields the card does not hold stay empty for the desk. The resident confirms; only
 * the service and the number of fields are recorded. When the screen goes, its labels and its copy
 * of the face are cleared, so no card value stays in the scene graph.
 */
final class CardFormScreen extends CardScreen {
    private final List<Label> values = new ArrayList<>();
    private final javafx.beans.property.BooleanProperty confirmed = new javafx.beans.property.SimpleBooleanProperty();
    private WritableImage face;
    private ImageView faceView;

    CardFormScreen(KioskUi ui, String serviceId) {
        super(ui, serviceId);
    }

    @Override
    public Node view() {
        I18n t = ui.i18n();
        Label title = KioskUi.heading(t.t("card.form.title"));
        Label forService = ui.forService(serviceId);
        VBox root = new VBox(title, forService);
        root.setId("card-form");
        root.getStyleClass().addAll("screen", "card");

        Map<FormField, PrefilledValue> prefill;
        Optional<FaceImage> chipFace;
        Authenticity authenticity;
        ChipProof chipProof;
        try {
            CardSession session = visit.session().orElseThrow(() -> new IllegalStateException("wiped"));
            prefill = session.prefill();
            chipFace = session.face();
            authenticity = session.authenticity();
            chipProof = session.chipProof();
        } catch (IllegalStateException e) {
            // The card left between the event and this rebuild: say so, show nothing of it.
            Label gone = new Label(t.t("card.notice.removedForm"));
            gone.setId("card-notice");
            gone.getStyleClass().add("problem");
            gone.setWrapText(true);
            Button again = KioskUi.button("card-again", t.t("card.again"), () -> ui.flow().card(serviceId));
            root.getChildren().addAll(gone, again);
            return root;
        }

        if (authenticity != Authenticity.VERIFIED) {
            Label unverified = new Label(t.t("card.form.unverified"));
            unverified.setId("card-unverified");
            unverified.getStyleClass().add("badge");
            unverified.setWrapText(true);
            unverified.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            root.getChildren().add(unverified);
        }
        // What the chip proved, said either way: a resident (and the desk) should know whether the
        // card itself was checked, not only its data.
        boolean genuine = chipProof == ChipProof.GENUINE;
        Label chip = new Label(t.t(genuine ? "card.form.chip.genuine" : "card.form.chip.notSupported"));
        chip.setId(genuine ? "card-chip-genuine" : "card-chip-unproven");
        chip.getStyleClass().add(genuine ? "chip-genuine" : "badge");
        chip.setWrapText(true);
        chip.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        root.getChildren().add(chip);

        GridPane grid = new GridPane();
        grid.setId("form-fields");
        grid.getStyleClass().add("form-grid");
        ColumnConstraints nameColumn = new ColumnConstraints();
        nameColumn.setPercentWidth(30);
        ColumnConstraints valueColumn = new ColumnConstraints();
        valueColumn.setPercentWidth(45);
        ColumnConstraints markColumn = new ColumnConstraints();
        markColumn.setPercentWidth(25);
        grid.getColumnConstraints().addAll(nameColumn, valueColumn, markColumn);
        int row = 0;
        for (FormField field : FormField.values()) {
            String id = field.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            Label name = new Label(t.t(fieldKey(field)));
            name.setWrapText(true);
            name.getStyleClass().add("field-name");
            PrefilledValue v = prefill.get(field);
            Label value = new Label(v == null ? "" : v.value());
            value.setId("value-" + id);
            value.setWrapText(true);
            value.setMaxWidth(Double.MAX_VALUE);
            value.getStyleClass().addAll("field-value", v == null ? "for-desk" : "from-card");
            values.add(value);
            Label mark = new Label(t.t(v == null ? "card.form.forDesk"
                    : v.verified() ? "card.form.fromCard" : "card.form.fromCardUnverified"));
            mark.setId("mark-" + id);
            mark.setWrapText(true);
            mark.getStyleClass().addAll("mark", v == null ? "mark-desk" : v.verified() ? "mark-card" : "mark-unverified");
            grid.addRow(row++, name, value, mark);
        }
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setId("form-scroll");
        scroll.setFitToWidth(true);
        HBox.setHgrow(scroll, Priority.ALWAYS);

        VBox side = new VBox();
        side.getStyleClass().add("face-side");
        side.setAlignment(Pos.TOP_CENTER);
        Optional<BufferedImage> picture = chipFace.flatMap(FaceImage::image);
        if (picture.isPresent()) {
            face = SwingFXUtils.toFXImage(picture.get(), null);
            faceView = new ImageView(face);
            faceView.setId("card-face");
            faceView.setPreserveRatio(true);
            faceView.setFitWidth(180);
            faceView.getStyleClass().add("face");
            side.getChildren().add(faceView);
        } else {
            Label none = new Label(t.t("card.form.noFace"));
            none.setId("card-no-face");
            none.setWrapText(true);
            side.getChildren().add(none);
        }
        Label caption = new Label(t.t("card.form.faceCaption"));
        caption.setWrapText(true);
        side.getChildren().add(caption);

        Label status = new Label(t.t(visit.confirmed() ? "card.form.confirmed" : "card.form.check"));
        status.setId("card-form-status");
        status.setWrapText(true);
        status.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox.setHgrow(status, Priority.ALWAYS);
        status.setMaxWidth(Double.MAX_VALUE);
        int filled = prefill.size();
        Button confirm = KioskUi.button("card-confirm", t.t("card.form.confirm"), () -> confirm(filled, status));
        confirm.getStyleClass().addAll("primary", "card-confirm");
        confirm.disableProperty().bind(confirmed);
        confirmed.set(visit.confirmed());
        HBox actions = new HBox(status, confirm);
        ui.devices().forms().ifPresent(printer -> {
            Button print = KioskUi.button("form-print", t.t("form.print"), () -> print(printer, prefill, status));
            print.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            actions.getChildren().add(1, print);
        });
        actions.getStyleClass().add("form-actions");
        actions.setAlignment(Pos.CENTER_LEFT);

        HBox body = new HBox(scroll, side);
        VBox.setVgrow(body, Priority.ALWAYS);
        root.getChildren().addAll(body, actions);
        return root;
    }

    /**
     * The form with the card's values on the A4 printer. The values go into a PDF in memory that the
     * printer wipes after the job; failures are logged by fault only, never with the document.
     */
    private void print(A4Printer printer, Map<FormField, PrefilledValue> prefill, Label status) {
        I18n t = ui.i18n();
        Map<String, String> fields = new LinkedHashMap<>();
        for (FormField field : FormField.values()) {
            PrefilledValue v = prefill.get(field);
            fields.put(field.label(), v == null ? "" : v.value());
        }
        String title = ui.catalog().service(serviceId).map(s -> s.text(Lang.VI).title()).orElse(serviceId);
        String note = t.t("form.note");
        PdfFonts fonts = ui.devices().fonts();
        status.setText(t.t("print.printing"));
        ui.work(() -> {
            printer.print(FormPdf.render(fonts, title, fields, note));
            return true;
        }, ok -> {
            status.setText(ui.i18n().t("form.printed"));
            ui.session().formPrinted(serviceId, true);
        }, e -> {
            LoggerFactory.getLogger(CardFormScreen.class).warn("printing the form for {} failed: {}", serviceId,
                    e instanceof PrintException ? ((PrintException) e).fault() : e.getClass().getSimpleName());
            status.setText(ui.i18n().t(ServiceScreen.failureKey(e, "form.printFailed")));
            ui.session().formPrinted(serviceId, false);
        });
    }

    /** Only the service and how many fields the card filled are recorded: never a value. */
    private void confirm(int filled, Label status) {
        visit.confirmed(true);
        confirmed.set(true);
        ui.session().formPrefilled(serviceId, filled);
        status.setText(ui.i18n().t("card.form.confirmed"));
    }

    static String fieldKey(FormField f) {
        switch (f) {
            case FULL_NAME:
                return "card.formField.fullName";
            case ID_NUMBER:
                return "card.formField.idNumber";
            case DATE_OF_BIRTH:
                return "card.formField.dateOfBirth";
            case SEX:
                return "card.formField.sex";
            case NATIONALITY:
                return "card.formField.nationality";
            case ETHNICITY:
                return "card.formField.ethnicity";
            case RELIGION:
                return "card.formField.religion";
            case PLACE_OF_ORIGIN:
                return "card.formField.placeOfOrigin";
            case PLACE_OF_RESIDENCE:
                return "card.formField.placeOfResidence";
            case DATE_OF_ISSUE:
                return "card.formField.dateOfIssue";
            case DATE_OF_EXPIRY:
                return "card.formField.dateOfExpiry";
            case FATHER_NAME:
                return "card.formField.fatherName";
            case MOTHER_NAME:
                return "card.formField.motherName";
            case SPOUSE_NAME:
                return "card.formField.spouseName";
            case OLD_ID_NUMBER:
            default:
                return "card.formField.oldIdNumber";
        }
    }

    @Override
    public String prompt() {
        // Never the values: a spoken name or number would be heard by everyone in the hall.
        return ui.i18n().t("card.form.prompt");
    }

    /** Clears every card value from the scene graph and zeroes the screen's copy of the face. */
    @Override
    public void dispose() {
        values.forEach(l -> l.setText(""));
        if (faceView != null) {
            faceView.setImage(null);
        }
        WritableImage img = face;
        face = null;
        if (img != null) {
            PixelWriter w = img.getPixelWriter();
            for (int y = 0; y < (int) img.getHeight(); y++) {
                for (int x = 0; x < (int) img.getWidth(); x++) {
                    w.setArgb(x, y, 0);
                }
            }
        }
    }
}
