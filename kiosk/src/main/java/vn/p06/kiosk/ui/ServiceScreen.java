package vn.p06.kiosk.ui;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.catalog.Service;
import vn.p06.kiosk.catalog.ServiceText;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import vn.p06.kiosk.catalog.Lang;
import vn.p06.kiosk.print.PrintException;
import vn.p06.kiosk.print.PrinterFault;
import vn.p06.kiosk.ticket.Ticket;
import vn.p06.kiosk.ticket.TicketPrinter;

/**
 * One service: what it is, who it is for, the steps online and at the desk, the documents as a
 * checklist the resident ticks, fees and time limit, related services; beside them the QR code
 * to the portal, "watch the tutorial" and "print this guide". Text the catalog marks as
 * placeholder or unverified carries a visible badge: residents must not take a guess for a rule.
 */
final class ServiceScreen implements Screen {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceScreen.class);
    private static final DateTimeFormatter TICKET_TIME = DateTimeFormatter.ofPattern("HH:mm · dd/MM/yyyy")
            .withZone(ZoneId.of("Asia/Ho_Chi_Minh"));
    private final KioskUi ui;
    private final Service service;

    ServiceScreen(KioskUi ui, String serviceId) {
        this.ui = ui;
        this.service = ui.service(serviceId);
    }

    @Override
    public Node view() {
        I18n t = ui.i18n();
        ServiceText text = service.text(ui.lang());
        Label title = KioskUi.heading(text.title());
        title.setId("service-title");

        VBox details = new VBox();
        details.getStyleClass().add("details");
        details.getChildren().addAll(
                section("summary", t.t("service.summary"), paragraph(text.summary())),
                section("audience", t.t("service.audience"), paragraph(text.audience())),
                section("stepsOnline", t.t("service.online"), steps(text.stepsOnline())),
                section("stepsDesk", t.t("service.desk"), steps(text.stepsDesk())),
                section("documents", t.t("service.documents"), checklist(text.documents())),
                section("fees", t.t("service.fees"), paragraph(text.fees())),
                section("timeLimit", t.t("service.time"), paragraph(text.timeLimit())));
        if (!service.linked().isEmpty()) {
            VBox links = new VBox();
            links.getStyleClass().add("list");
            for (String id : service.linked()) {
                ui.catalog().service(id).ifPresent(other -> {
                    Button b = ServiceButtons.of(ui, other, () -> ui.flow().service(other.id()));
                    b.setId("linked-" + other.id());
                    links.getChildren().add(b);
                });
            }
            details.getChildren().add(section("linked", t.t("service.linked"), links));
        }
        ScrollPane scroll = new ScrollPane(details);
        scroll.setId("service-scroll");
        scroll.setFitToWidth(true);
        HBox.setHgrow(scroll, Priority.ALWAYS);

        ImageView qr = new ImageView(QrCodes.image(service.portalUrl(), 220));
        qr.setId("qr");
        Label qrCaption = new Label(t.t("service.qr"));
        qrCaption.setWrapText(true);
        Label url = new Label(service.portalUrl().replaceFirst("^https://", ""));
        url.setId("portal-url");
        url.getStyleClass().add("url");
        Label printStatus = new Label();
        printStatus.setId("print-status");
        printStatus.setWrapText(true);
        Button watch = KioskUi.button("watch", t.t("service.video"), () -> ui.flow().video(service.id()));
        watch.getStyleClass().add("primary");
        Button print = KioskUi.button("print", t.t("service.print"), () -> print(printStatus));
        Button listen = KioskUi.button("listen-summary", t.t("service.listen"),
                () -> ui.ports().speech().say(ui.lang().locale(), text.title() + ". " + text.summary()));
        VBox side = new VBox(qr, qrCaption, url, watch, print, listen);
        Devices devices = ui.devices();
        if (devices.tickets().isPresent()) {
            side.getChildren().add(KioskUi.button("ticket", t.t("ticket.take"), () -> ticket(printStatus)));
        }
        if (devices.scanner().isPresent()) {
            side.getChildren().add(KioskUi.button("scan", t.t("scan.open"), () -> ui.flow().scan()));
        }
        side.getChildren().add(KioskUi.button("call-staff", t.t("staff.call"), () -> ui.callStaff("screen")));
        side.getChildren().forEach(n -> {
            if (n instanceof Button) {
                ((Button) n).setMaxWidth(Double.MAX_VALUE);
            }
        });
        // On top, where it is seen without scrolling (a ticket's number!); takes no room while empty.
        printStatus.managedProperty().bind(printStatus.textProperty().isNotEmpty());
        side.getChildren().add(0, printStatus);
        side.getStyleClass().add("side");
        side.setAlignment(Pos.TOP_CENTER);

        HBox head = new HBox(title);
        head.getStyleClass().add("service-head");
        head.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(title, Priority.ALWAYS);
        title.setMaxWidth(Double.MAX_VALUE);
        if (ui.card().available()) {
            // Hidden without a reader: a button that cannot work is worse than none.
            Button useCard = KioskUi.button("use-card", t.t("service.useCard"), () -> ui.flow().card(service.id()));
            useCard.getStyleClass().addAll("primary", "card-button");
            useCard.setWrapText(false);
            useCard.setMinWidth(Region.USE_PREF_SIZE); // the long title wraps instead
            head.getChildren().add(useCard);
        }
        // The side scrolls too: with every device and the largest text it is taller than the screen.
        ScrollPane sideScroll = new ScrollPane(side);
        sideScroll.setId("side-scroll");
        sideScroll.setFitToWidth(true);
        sideScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        sideScroll.setMinWidth(Region.USE_PREF_SIZE);
        printStatus.textProperty().addListener((o, was, now) -> sideScroll.setVvalue(0));
        VBox root = new VBox(head, new HBox(scroll, sideScroll));
        VBox.setVgrow(root.getChildren().get(1), Priority.ALWAYS);
        root.setId("service");
        root.getStyleClass().add("screen");
        return root;
    }

    @Override
    public String prompt() {
        return ui.i18n().t("prompt.service", service.text(ui.lang()).title());
    }

    private void print(Label status) {
        status.setText(ui.i18n().t("print.printing"));
        Lang lang = ui.lang();
        ui.work(() -> {
            ui.ports().printer().print(service, lang);
            return true;
        }, ok -> {
            status.setText(ui.i18n().t("service.printed"));
            ui.session().guidePrinted(service.id(), true);
        }, e -> {
            LOG.warn("printing guide {} failed: {}", service.id(), e.toString());
            status.setText(ui.i18n().t(failureKey(e, "service.printFailed")));
            ui.session().guidePrinted(service.id(), false);
        });
    }

    /** A queue ticket for this service: the number is shown on screen too, in case the paper is lost. */
    private void ticket(Label status) {
        I18n t = ui.i18n();
        String number = ui.devices().numbers().next();
        String time = TICKET_TIME.format(ui.ports().clock().instant());
        Ticket ticket = new Ticket(t.t("ticket.heading"), number, service.text(ui.lang()).title(), time,
                t.t("ticket.footer"), service.portalUrl());
        status.setText(t.t("print.printing"));
        TicketPrinter printer = ui.devices().tickets().orElseThrow();
        ui.work(() -> {
            printer.print(ticket);
            return number;
        }, n -> {
            status.setText(ui.i18n().t("ticket.printed", n));
            ui.session().ticketPrinted(service.id(), true);
        }, e -> {
            LOG.warn("ticket for {} failed: {}", service.id(), e.toString());
            status.setText(ui.i18n().t(failureKey(e, "ticket.failed")));
            ui.session().ticketPrinted(service.id(), false);
        });
    }

    /** Paper out gets its own message (the resident can tell staff exactly what is wrong). */
    static String failureKey(Exception e, String otherwise) {
        return e instanceof PrintException && ((PrintException) e).fault() == PrinterFault.PAPER_OUT
                ? "print.paperOut" : otherwise;
    }

    private VBox section(String field, String heading, Node body) {
        Label h = new Label(heading);
        h.getStyleClass().add("h2");
        h.setWrapText(true);
        VBox box = new VBox(h);
        if (service.uncertain(field)) {
            Label badge = new Label(ui.i18n().t(service.placeholder().contains(field)
                    ? "service.placeholder" : "service.unverified"));
            badge.setId("badge-" + field);
            badge.getStyleClass().add("badge");
            badge.setWrapText(true);
            box.getChildren().add(badge);
        }
        box.getChildren().add(body);
        box.getStyleClass().add("section");
        return box;
    }

    private static Label paragraph(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        return l;
    }

    private static VBox steps(List<String> steps) {
        VBox box = new VBox();
        box.getStyleClass().add("steps");
        for (int i = 0; i < steps.size(); i++) {
            box.getChildren().add(paragraph((i + 1) + ". " + steps.get(i)));
        }
        return box;
    }

    private VBox checklist(List<String> documents) {
        VBox box = new VBox();
        box.getStyleClass().add("checklist");
        for (int i = 0; i < documents.size(); i++) {
            int item = i;
            CheckBox c = new CheckBox(documents.get(i));
            c.setId("doc-" + i);
            c.setWrapText(true);
            c.setSelected(ui.session().data().isTicked(service.id(), i));
            c.selectedProperty().addListener((o, a, on) -> ui.session().data().tick(service.id(), item, on));
            box.getChildren().add(c);
        }
        return box;
    }
}
