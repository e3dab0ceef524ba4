package vn.p06.kiosk.ui;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.scan.ScanException;
import vn.p06.kiosk.scan.ScannedDocument;
import vn.p06.kiosk.scan.Scanner;

/**
 * Scanning the papers the resident brought: scan page after page, see each one, retake a bad one,
 * and take the whole as one PDF on their own USB stick. The pages stay on the kiosk only until the
 * visit ends (the screen says so); a missing scanner or a jam is named in plain words.
 */
final class ScanScreen implements Screen {
    private static final Logger LOG = LoggerFactory.getLogger(ScanScreen.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(java.time.ZoneId.of("Asia/Ho_Chi_Minh"));
    private final KioskUi ui;
    private final Scanner scanner;
    private final HBox strip = new HBox();
    private final ImageView preview = new ImageView();
    private final Label status = new Label();
    private final VBox actions = new VBox();
    private boolean working;

    ScanScreen(KioskUi ui) {
        this.ui = ui;
        this.scanner = ui.devices().scanner().orElseThrow(() -> new IllegalStateException("no scanner configured"));
    }

    @Override
    public Node view() {
        I18n t = ui.i18n();
        Label title = KioskUi.heading(t.t("scan.title"));
        Label hint = new Label(t.t("scan.hint"));
        hint.setWrapText(true);
        Label privacy = new Label(t.t("scan.privacy"));
        privacy.setId("scan-privacy");
        privacy.getStyleClass().add("badge");
        privacy.setWrapText(true);
        status.setId("scan-status");
        status.setWrapText(true);
        strip.setId("scan-pages");
        strip.getStyleClass().add("scan-pages");
        strip.setSpacing(12);
        preview.setId("scan-preview");
        preview.setPreserveRatio(true);
        preview.setFitHeight(300);
        ScrollPane pages = new ScrollPane(strip);
        pages.setFitToHeight(true);
        pages.setMinHeight(190);
        actions.getStyleClass().add("side");
        actions.setAlignment(Pos.TOP_CENTER);
        VBox side = new VBox(actions, status);
        side.setSpacing(12);
        HBox body = new HBox(new VBox(preview), side);
        HBox.setHgrow(body.getChildren().get(0), Priority.ALWAYS);
        VBox root = new VBox(title, hint, privacy, body, pages);
        root.setId("scan");
        root.getStyleClass().add("screen");
        render();
        return root;
    }

    @Override
    public String prompt() {
        return ui.i18n().t("scan.hint");
    }

    private void render() {
        I18n t = ui.i18n();
        List<Path> pages = ui.scansIfAny().map(ScannedDocument::pages).orElse(List.of());
        strip.getChildren().clear();
        for (int i = 0; i < pages.size(); i++) {
            int index = i;
            ImageView thumb = new ImageView(new Image(pages.get(i).toUri().toString(), 0, 120, true, true));
            thumb.setId("scan-thumb-" + i);
            Button retake = KioskUi.button("retake-" + i, t.t("scan.retake", i + 1), () -> retake(index));
            retake.setDisable(working);
            VBox page = new VBox(thumb, retake);
            page.setAlignment(Pos.CENTER);
            strip.getChildren().add(page);
        }
        Button scan = KioskUi.button("scan-page", t.t(pages.isEmpty() ? "scan.first" : "scan.next"), this::scanPage);
        scan.getStyleClass().add("primary");
        scan.setDisable(working);
        actions.getChildren().setAll(scan);
        if (ui.devices().usbDir().isPresent() && !pages.isEmpty()) {
            Button save = KioskUi.button("scan-save", t.t("scan.save"), this::save);
            save.setDisable(working);
            actions.getChildren().add(save);
        }
        actions.getChildren().add(KioskUi.button("call-staff", t.t("staff.call"), () -> ui.callStaff("screen")));
        actions.getChildren().forEach(n -> ((Button) n).setMaxWidth(Double.MAX_VALUE));
    }

    private void scanPage() {
        run(() -> ui.scans().addPage(scanner), "scan.scanned");
    }

    private void retake(int index) {
        run(() -> ui.scans().retake(index, scanner), "scan.retaken");
    }

    /** The status text is set last: it is what tells a watcher (and a test) that the screen is up to date. */
    private void run(java.util.concurrent.Callable<Path> job, String doneKey) {
        ScannedDocument doc;
        try {
            doc = ui.scans();
        } catch (java.io.IOException e) {
            LOG.error("no place for scanned pages", e);
            status.setText(ui.i18n().t("scan.fault.failed"));
            return;
        }
        working = true;
        status.setText(ui.i18n().t("scan.scanning"));
        render();
        ui.work(job, page -> {
            working = false;
            preview.setImage(new Image(page.toUri().toString()));
            render();
            status.setText(ui.i18n().t(doneKey, doc.pages().indexOf(page) + 1));
        }, e -> {
            working = false;
            LOG.warn("scan failed: {}", e.toString());
            String fault = e instanceof ScanException ? ((ScanException) e).fault().stateName() : "failed";
            render();
            status.setText(ui.i18n().t("scan.fault." + fault));
        });
    }

    private void save() {
        Path stick = ui.devices().usbDir().orElseThrow();
        String name = "giay-to-" + FILE_TIME.format(ui.ports().clock().instant()) + ".pdf";
        working = true;
        render();
        ui.work(() -> ui.scans().export(stick, name), saved -> {
            working = false;
            ui.scansSaved();
            render();
            status.setText(ui.i18n().t("scan.saved", saved.getFileName()));
        }, e -> {
            working = false;
            LOG.warn("saving scans to {} failed: {}", stick, e.toString());
            render();
            status.setText(ui.i18n().t("scan.saveFailed"));
        });
    }

    @Override
    public void dispose() {
        preview.setImage(null);
        strip.getChildren().clear();
    }
}
