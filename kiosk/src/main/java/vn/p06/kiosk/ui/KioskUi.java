package vn.p06.kiosk.ui;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.TouchEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Font;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.card.CardEvent;
import vn.p06.kiosk.card.CardReader;
import vn.p06.kiosk.card.CccdQr;
import vn.p06.kiosk.catalog.Catalog;
import vn.p06.kiosk.catalog.Service;
import vn.p06.kiosk.catalog.CatalogStore;
import vn.p06.kiosk.catalog.Lang;
import vn.p06.kiosk.catalog.ServiceSearch;
import vn.p06.kiosk.content.ActiveRelease;
import vn.p06.kiosk.command.KioskScreen;
import vn.p06.kiosk.session.SessionManager;
import vn.p06.kiosk.speech.SilentSpeech;
import vn.p06.kiosk.speech.Speech;
import vn.p06.kiosk.telemetry.UsageRecorder;

import vn.p06.kiosk.scan.ScannedDocument;
import vn.p06.kiosk.ticket.TicketNumbers;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The guided UI as one node tree: the top bar (back, home, listen, text size, contrast, language,
 * done), the current screen, and the inactivity countdown over everything. The app puts
 * {@link #root()} in a full-screen stage; tests put it in a TestFX stage with simulated ports.
 * Confined to the JavaFX thread.
 */
public final class KioskUi implements KioskScreen {
    private static final Logger LOG = LoggerFactory.getLogger(KioskUi.class);
    /** Root font sizes for the text-size switch; every other size in the CSS is in em. */
    static final int[] TEXT_SIZES = {20, 24, 29};
    static final String STYLESHEET = "/ui/kiosk.css";

    /**
     * The outside world of the UI.
     *
     * @param timeout inactivity that ends a session
     * @param warning how long before that the countdown shows
     * @param content the content release to play now (attract loop, tutorials); empty: {@code media}
     *                and {@code playlist} alone
     */
    public record Ports(Clock clock, UsageRecorder recorder, Speech speech, GuidePrinter printer,
                        MediaLibrary media, Playlist playlist, Duration timeout, Duration warning,
                        Optional<CardReader> card, Supplier<Optional<ActiveRelease>> content) {
        public Ports {
            Objects.requireNonNull(clock);
            Objects.requireNonNull(recorder);
            Objects.requireNonNull(speech);
            Objects.requireNonNull(printer);
            Objects.requireNonNull(media);
            Objects.requireNonNull(playlist);
            Objects.requireNonNull(card);
            Objects.requireNonNull(content);
        }

        /** Without a card reader (the "use my ID card" button is hidden) and without content releases. */
        public Ports(Clock clock, UsageRecorder recorder, Speech speech, GuidePrinter printer,
                     MediaLibrary media, Playlist playlist, Duration timeout, Duration warning) {
            this(clock, recorder, speech, printer, media, playlist, timeout, warning, Optional.empty(), Optional::empty);
        }

        /** The same ports with this card reader (the UI listens to its events; the caller closes it). */
        public Ports withCard(CardReader reader) {
            return new Ports(clock, recorder, speech, printer, media, playlist, timeout, warning,
                    Optional.of(reader), content);
        }

        /** The same ports playing the active content release (asked again at every attract item and video). */
        public Ports withContent(Supplier<Optional<ActiveRelease>> release) {
            return new Ports(clock, recorder, speech, printer, media, playlist, timeout, warning, card, release);
        }

        /** Simulators everywhere: silent speech, logging printer, no media, 90 s timeout. */
        public static Ports simulated(UsageRecorder recorder) {
            return new Ports(Clock.systemUTC(), recorder, new SilentSpeech(), GuidePrinter.logging(),
                    MediaLibrary.empty(), Playlist.defaults(), Duration.ofSeconds(90), Duration.ofSeconds(20));
        }
    }

    private final CatalogStore catalogs;
    private final Ports ports;
    private final Devices devices;
    private final Label staffNotice = new Label();
    private ScannedDocument scanned;
    private boolean scansSaved;
    private final I18n i18n = new I18n();
    /** The language each visit starts in (kiosk.language). */
    private Lang startLanguage = Lang.VI;
    private final SessionManager session;
    private final Flow flow;
    private final CardVisit card;
    private final MediaLibrary media;
    private final StackPane root = new StackPane();
    private final OutOfService outOfService = new OutOfService(root);
    private final BorderPane frame = new BorderPane();
    private final HBox bar = new HBox();
    private final Label countdown = new Label();
    private final Timeline ticker;
    private final String fontFamily;
    private ServiceSearch search;
    private int textSize;
    private boolean highContrast;
    private boolean voice = true;
    private boolean thanks;
    private boolean recovering;

    /** Without peripherals beyond the guide printer (no tickets, scanner, form printing). */
    public KioskUi(CatalogStore catalogs, Ports ports) {
        this(catalogs, ports, Devices.none(new TicketNumbers(ports.clock(), ZoneId.of("Asia/Ho_Chi_Minh"), "A"),
                ScannedDocument.DEFAULT_ROOT));
    }

    public KioskUi(CatalogStore catalogs, Ports ports, Devices devices) {
        this.catalogs = catalogs;
        this.ports = ports;
        this.devices = devices;
        this.session = new SessionManager(ports.clock(), ports.recorder(), ports.timeout(), ports.warning());
        this.search = new ServiceSearch(catalogs.current());
        this.flow = new Flow(this);
        this.card = new CardVisit(ports.card());
        this.media = new ReleaseMedia(ports.content(), ports.media());
        this.fontFamily = Font.getFamilies().contains("Noto Sans") ? "Noto Sans" : "System";

        root.getStylesheets().add(Objects.requireNonNull(KioskUi.class.getResource(STYLESHEET)).toExternalForm());
        root.getStyleClass().add("kiosk");
        bar.getStyleClass().add("top-bar");
        bar.setId("top-bar");
        frame.setTop(bar);
        countdown.setId("countdown");
        countdown.getStyleClass().add("countdown");
        countdown.setVisible(false);
        countdown.setMouseTransparent(true);
        StackPane.setAlignment(countdown, Pos.BOTTOM_CENTER);
        staffNotice.setId("staff-notice");
        staffNotice.getStyleClass().add("countdown");
        staffNotice.setVisible(false);
        staffNotice.setMouseTransparent(true);
        staffNotice.setWrapText(true);
        StackPane.setAlignment(staffNotice, Pos.TOP_CENTER);
        root.getChildren().addAll(frame, countdown, staffNotice);
        applyStyle();

        // Any touch during a session keeps it alive; on the attract loop the screen starts one.
        root.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> activity());
        root.addEventFilter(TouchEvent.TOUCH_PRESSED, e -> activity());
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> activity());
        session.onEnding(flow::disposeCurrent);
        // The card's data lives for the visit only: closed (arrays zeroed) whenever it ends.
        session.onEnding(card::wipe);
        // Scanned papers stay on the kiosk for the visit only.
        session.onEnding(this::wipeScans);
        // Reader events arrive on the reader's thread; the UI is confined to its own.
        ports.card().ifPresent(r -> r.onCardEvent(e -> Platform.runLater(() -> cardEvent(e))));
        session.onEnd(reason -> {
            // The next resident starts from the defaults, whatever the last one chose.
            i18n.lang(startLanguage);
            textSize = 0;
            highContrast = false;
            voice = true;
            staffNotice.setVisible(false);
            ports.speech().stop();
            applyStyle();
            flow.attract();
        });
        catalogs.onChange(next -> Platform.runLater(() -> catalogChanged(next)));
        ticker = new Timeline(new KeyFrame(javafx.util.Duration.seconds(1), e -> tick()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        flow.attract();
    }

    public Parent root() {
        return root;
    }

    /** Maintenance mode, from a remote command: a full cover that takes no touches. */
    @Override
    public void outOfService(boolean on) {
        outOfService.outOfService(on);
    }

    /** A snapshot of the screen for a remote screenshot command; waits for the UI thread. */
    @Override
    public byte[] capturePng() throws Exception {
        return outOfService.capturePng();
    }

    /** Starts the once-a-second inactivity check. */
    public void start() {
        ticker.play();
    }

    /**
     * The settings the fleet may change while the kiosk runs: the language visits start in (at once
     * when no visit is running, else from the next one) and the inactivity timeouts. On the UI thread.
     */
    public void settings(Lang language, Duration timeout, Duration warning) {
        startLanguage = language;
        session.timeouts(timeout, warning);
        if (!session.active()) {
            i18n.lang(language);
            flow.attract();
        }
    }

    public void stop() {
        ticker.stop();
        flow.disposeCurrent();
        card.stop();
        ports.speech().stop();
    }

    /** Someone touched the attract loop (or a presence sensor saw them): start a visit. */
    public void wake() {
        session.touch();
        flow.home();
    }

    /** The presence sensor saw someone: the attract loop wakes; a visit in progress is left alone. */
    public void presence() {
        if (!session.active() && flow.current() instanceof AttractScreen) {
            wake();
        }
    }

    /** Someone asked for staff ({@code screen} or the kiosk's {@code button}): the dashboard is told, the screen says so. */
    public void callStaff(String source) {
        session.staffCalled(source);
        staffNotice.setText(i18n.t("staff.called"));
        staffNotice.setVisible(true);
    }

    /** True while a resident's visit runs (the status light shows busy). */
    public boolean visitActive() {
        return session.active();
    }

    /**
     * Port for the QR code on the card front: a scanner or camera adapter hands over the decoded
     * text (on the JavaFX thread). During a visit with a card reader it fills the document number
     * and birth date of the chip key, so only the expiry date is left to type.
     *
     * @return false when ignored: no visit, no reader, or not a CCCD QR (the card screen says so)
     */
    public boolean cardQr(String text) {
        if (!session.active() || !card.available()) {
            return false; // kept nowhere: outside a visit nothing would wipe it
        }
        Optional<CccdQr> qr = CccdQr.parse(text);
        if (qr.isPresent()) {
            card.entry().qr(qr.get());
            card.notice(CardVisit.Notice.NONE);
        } else {
            card.notice(CardVisit.Notice.QR_INVALID);
        }
        if (flow.current() instanceof CardKeyScreen) {
            flow.refresh();
        }
        return qr.isPresent();
    }

    /** A card laid on the reader wakes the attract loop; a card taken away takes its data with it. */
    void cardEvent(CardEvent event) {
        if (event == CardEvent.INSERTED) {
            card.present().set(true);
            if (!session.active() && flow.current() instanceof AttractScreen) {
                wake();
            } else {
                activity();
            }
            return;
        }
        card.cardRemoved();
        activity();
        flow.cardRemoved();
    }

    /**
     * A screen failed: log it, end the visit (its data is wiped) and go back to the attract loop.
     * Wired as the JavaFX thread's uncaught-exception handler by {@link KioskApp}.
     */
    public void recover(Throwable failure) {
        LOG.error("screen failed, returning to the attract loop", failure);
        if (recovering) {
            frame.setCenter(new Label("…"));
            return;
        }
        recovering = true;
        try {
            if (session.active()) {
                session.end(SessionManager.EndReason.RECOVERED);
            } else {
                flow.attract();
            }
        } finally {
            recovering = false;
        }
    }

    void tick() {
        session.tick();
        var left = session.countdown();
        countdown.setVisible(left.isPresent());
        left.ifPresent(d -> countdown.setText(i18n.t("countdown", Long.toString((d.toMillis() + 999) / 1000))));
    }

    private void activity() {
        if (session.active()) {
            session.touch();
            countdown.setVisible(false);
        }
    }

    private void catalogChanged(Catalog next) {
        search = new ServiceSearch(next);
        // A catalog arriving mid-visit must not pull the page from under the resident.
        if (!session.active()) {
            flow.attract();
        }
    }

    void display(Screen screen, Node view) {
        frame.setCenter(view);
        bar.setVisible(screen.showsBar());
        bar.setManaged(screen.showsBar());
        buildBar(screen);
        String prompt = screen.prompt();
        if (voice && !prompt.isEmpty()) {
            ports.speech().say(i18n.lang().locale(), prompt);
        }
    }

    private void buildBar(Screen screen) {
        bar.getChildren().setAll(
                button("back", i18n.t("bar.back"), flow::back),
                button("home", i18n.t("bar.home"), flow::home),
                spacer(),
                button("listen", i18n.t("bar.listen"), () -> ports.speech().say(i18n.lang().locale(), screen.prompt())),
                button("voice", i18n.t(voice ? "bar.voice.on" : "bar.voice.off"), () -> {
                    voice = !voice;
                    if (!voice) {
                        ports.speech().stop();
                    }
                    buildBar(screen);
                }),
                button("text-size", i18n.t("bar.textSize", i18n.t("text.size." + textSize)), () -> {
                    textSize = (textSize + 1) % TEXT_SIZES.length;
                    applyStyle();
                    buildBar(screen);
                }),
                button("contrast", i18n.t(highContrast ? "bar.contrast.off" : "bar.contrast.on"), () -> {
                    highContrast = !highContrast;
                    applyStyle();
                    buildBar(screen);
                }),
                button("language", i18n.t("bar.language"), () -> {
                    i18n.lang(i18n.lang().other());
                    flow.refresh();
                }),
                button("done", i18n.t("bar.done"), flow::end));
        bar.lookup("#done").getStyleClass().add("primary");
    }

    static Button button(String id, String text, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setWrapText(true);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private void applyStyle() {
        root.setStyle("-fx-font-size: " + TEXT_SIZES[textSize] + "px; -fx-font-family: \"" + fontFamily + "\";");
        root.getStyleClass().remove("high-contrast");
        if (highContrast) {
            root.getStyleClass().add("high-contrast");
        }
    }

    // -- for the screens (package-private) --

    /** A screen's title: large and wrapping. */
    static Label heading(String text) {
        Label title = new Label(text);
        title.getStyleClass().add("h1");
        title.setWrapText(true);
        return title;
    }

    /** The service a screen is about; screens open only from the catalog, so a missing one is a bug. */
    Service service(String serviceId) {
        return catalog().service(serviceId)
                .orElseThrow(() -> new IllegalStateException("no service " + serviceId + " in the catalog"));
    }

    /** The "for: <service>" line of the card screens. */
    Label forService(String serviceId) {
        Label line = new Label(i18n().t("card.forService", catalog().service(serviceId)
                .map(s -> s.text(lang()).title()).orElse(serviceId)));
        line.setWrapText(true);
        return line;
    }

    I18n i18n() {
        return i18n;
    }

    Devices devices() {
        return devices;
    }

    /** This visit's scanned papers, made on first use. */
    ScannedDocument scans() throws java.io.IOException {
        if (scanned == null) {
            scanned = ScannedDocument.create(devices.scanRoot());
        }
        return scanned;
    }

    /** This visit's scanned papers if any were started. */
    Optional<ScannedDocument> scansIfAny() {
        return Optional.ofNullable(scanned);
    }

    /** The resident took this visit's scans on their stick (reported with the page count at the end). */
    void scansSaved() {
        scansSaved = true;
    }

    private void wipeScans() {
        ScannedDocument s = scanned;
        scanned = null;
        boolean saved = scansSaved;
        scansSaved = false;
        if (s != null) {
            if (!s.pages().isEmpty()) {
                session.scanDone(s.pages().size(), saved);
            }
            try {
                s.wipe();
            } catch (java.io.IOException e) {
                LOG.error("scanned pages of the visit could not be wiped from {}", s.directory(), e);
            }
        }
    }

    /**
     * Runs blocking device work off the JavaFX thread; the outcome comes back on it. While it runs
     * the visit is kept alive (a long print is not inactivity).
     */
    <T> void work(java.util.concurrent.Callable<T> job, java.util.function.Consumer<T> done,
                  java.util.function.Consumer<Exception> failed) {
        devices.work().execute(() -> {
            try {
                T result = job.call();
                Platform.runLater(() -> {
                    activity();
                    done.accept(result);
                });
            } catch (Exception e) {
                Platform.runLater(() -> {
                    activity();
                    failed.accept(e);
                });
            }
        });
    }

    Lang lang() {
        return i18n.lang();
    }

    Catalog catalog() {
        return catalogs.current();
    }

    ServiceSearch search() {
        return search;
    }

    SessionManager session() {
        return session;
    }

    Ports ports() {
        return ports;
    }

    /** Videos: the active release's first, then the media directory. */
    MediaLibrary media() {
        return media;
    }

    /** What the attract loop plays now: the release's attract playlist in its window, else the built-in one. */
    Playlist attractPlaylist() {
        return ports.content().get()
                .flatMap(release -> Playlist.fromRelease(release, java.time.LocalDateTime.now(ports.clock())))
                .orElse(ports.playlist());
    }

    Flow flow() {
        return flow;
    }

    CardVisit card() {
        return card;
    }

    /** The attract loop shows a thank-you once, right after a rating. */
    boolean takeThanks() {
        boolean t = thanks;
        thanks = false;
        return t;
    }

    void thankNextAttract() {
        thanks = true;
    }

    boolean highContrast() {
        return highContrast;
    }

    int textSize() {
        return textSize;
    }
}
