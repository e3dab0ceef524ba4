package vn.p06.kiosk.ui;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Cursor;
import javafx.scene.Scene;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.card.CardReader;
import vn.p06.kiosk.card.CscaTrustStore;
import vn.p06.kiosk.card.PcscCardReader;
import vn.p06.kiosk.card.SimulatedCardReader;
import vn.p06.kiosk.catalog.CatalogStore;
import vn.p06.kiosk.content.ActiveRelease;
import vn.p06.kiosk.content.ContentSync;
import vn.p06.kiosk.speech.EspeakSpeech;
import vn.p06.kiosk.speech.SilentSpeech;
import vn.p06.kiosk.speech.Speech;
import vn.p06.kiosk.AgentRuntime;
import vn.p06.kiosk.telemetry.MqttLink;
import vn.p06.kiosk.telemetry.UsageRecorder;
import vn.p06.protocol.EnrollmentBundle;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import vn.p06.kiosk.gpio.KioskGpio;
import vn.p06.kiosk.gpio.StatusLight;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The kiosk's guided UI as a JavaFX application: full screen, no window chrome, no cursor, and
 * resilient: an exception anywhere on the JavaFX thread ends the visit and returns to the attract
 * loop instead of killing the app (systemd restarts it if the JVM itself dies).
 * <p>
 * Options ({@code --name=value}): {@code --catalog=FILE} a catalog to use instead of the bundled
 * one (kept only if valid), {@code --media=DIR} tutorial and attract videos, {@code --speech=espeak|silent},
 * {@code --timeout=SECONDS} inactivity before a visit ends, {@code --bundle=FILE} the enrollment
 * bundle: with it the telemetry agent runs in this process and usage events go durably to the
 * fleet through the outbox in {@code --data-dir=DIR} (default: current dir); without it they are
 * only logged (a demo). {@code --card=none|simulated|pcsc} the ID-card reader (default none: the
 * "use my ID card" button is hidden; simulated: an invented card lying on a pretend reader, for
 * demos; {@code --card-fault=cloned|no-chip-proof|tampered|chain-unknown|removed-during-face|not-an-id-card}
 * makes its reads end that way, to show those screens), with {@code --csca=FILE|DIR} the CSCA certificates the PC/SC reader trusts (without it
 * every card shows as "not verified"). With a bundle, the active content release (kept in
 * {@code <data-dir>/content}) feeds the attract loop, the tutorials and the catalog. Flags {@code --windowed} (1280×800 window, for development)
 * and {@code --show-cursor}.
 * <p>
 * Peripherals (docs/PERIPHERALS.md): {@code --printer=none|simulated|cups} with {@code --printer-queue=NAME}
 * (default kiosk-a4) and {@code --cups=URL} (default http://localhost:631): guides and prefilled forms;
 * {@code --tickets=none|simulated|HOST:PORT} the ESC/POS ticket printer (raw TCP, usually port 9100),
 * {@code --ticket-prefix=A}; {@code --scanner=none|simulated|SANE-DEVICE} (e.g. {@code epson2:libusb:001:004}),
 * {@code --usb-dir=DIR} where the resident's stick is mounted, {@code --scan-dir=DIR} where a visit's
 * pages live until it ends; {@code --gpio=none|pi4j} the presence sensor, call-staff button and status
 * LED ({@code --gpio-pins=presence,button,green,amber,red} in BCM numbers); {@code --font-dir=DIR}
 * Noto Sans for printed text (default Debian's fonts-noto-core). All default to none.
 */
public final class KioskApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(KioskApp.class);
    /** Run once after the first frame of the attract loop is laid out (the cold-start benchmark). */
    static volatile Runnable onFirstFrame;
    private KioskUi ui;
    private Speech speech;
    private AgentRuntime telemetry;
    private CardReader cardReader;
    private KioskGpio gpio;
    private ExecutorService deviceWork;
    private Timeline light;

    public static void main(String[] args) {
        launch(args);
    }

    @Override
    public void start(Stage stage) throws java.io.IOException {
        Map<String, String> named = getParameters().getNamed();
        List<String> flags = getParameters().getUnnamed();
        CatalogStore catalogs = CatalogStore.bundled();
        if (named.containsKey("catalog")) {
            CatalogStore.Outcome outcome = catalogs.load(Path.of(named.get("catalog")));
            if (!outcome.accepted()) {
                LOG.warn("using the bundled catalog: {}", outcome.reason());
            }
        }
        speech = "espeak".equals(named.getOrDefault("speech", "espeak")) ? new EspeakSpeech() : new SilentSpeech();
        MediaLibrary media = named.containsKey("media") ? MediaLibrary.directory(Path.of(named.get("media")))
                : MediaLibrary.empty();
        long timeout = Long.parseLong(named.getOrDefault("timeout", "90"));
        deviceWork = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "kiosk-devices");
            thread.setDaemon(true);
            return thread;
        });
        Peripherals peripherals = Peripherals.from(named, Clock.systemUTC(), deviceWork);
        UsageRecorder recorder;
        Optional<ContentSync> content = Optional.empty();
        String kioskId = null;
        if (named.containsKey("bundle")) {
            EnrollmentBundle bundle = EnrollmentBundle.read(Path.of(named.get("bundle")));
            kioskId = bundle.kioskId();
            telemetry = AgentRuntime.start(List.of(bundle), Path.of(named.getOrDefault("data-dir", ".")),
                    Duration.ofSeconds(30), MqttLink.Options.defaults(), Optional.empty(), peripherals.probes());
            recorder = telemetry.usage(bundle.kioskId());
            content = telemetry.content(bundle.kioskId());
            // The release's catalog replaces the one in use, now and at every activation; the store
            // keeps the current catalog when the file does not validate.
            content.flatMap(ContentSync::active).flatMap(ActiveRelease::catalog).ifPresent(catalogs::load);
            content.ifPresent(sync -> sync.onActivated(release -> release.catalog().ifPresent(catalogs::load)));
        } else {
            // A demo without enrollment: usage events go to the log (they hold no personal data).
            recorder = (kind, attributes) -> LOG.info("usage {} {}", kind, attributes);
        }
        // The machine's zone: the attract playlist's schedule windows are in the commune's local time.
        KioskUi.Ports ports = new KioskUi.Ports(Clock.systemDefaultZone(), recorder, speech, peripherals.guides(),
                media, Playlist.defaults(), Duration.ofSeconds(timeout), Duration.ofSeconds(Math.min(20, timeout)));
        if (content.isPresent()) {
            ports = ports.withContent(content.get()::active);
        }
        cardReader = cardReader(named, recorder);
        ui = new KioskUi(catalogs, cardReader == null ? ports : ports.withCard(cardReader), peripherals.devices());
        if (kioskId != null) {
            // remote commands: maintenance mode and screenshots go through the touch screen
            telemetry.attachScreen(kioskId, ui);
        }
        gpio = peripherals.gpio();
        // GPIO events arrive on Pi4J's threads; the UI is confined to its own.
        gpio.onPresence(() -> Platform.runLater(ui::presence));
        gpio.onCallStaff(() -> Platform.runLater(() -> ui.callStaff("button")));
        light = new Timeline(new KeyFrame(javafx.util.Duration.seconds(5), e -> {
            boolean visit = ui.visitActive();
            // Probing talks to the devices: on their thread, never on the UI's.
            deviceWork.execute(() -> gpio.light(StatusLight.of(visit, peripherals.lightStates())));
        }));
        light.setCycleCount(Timeline.INDEFINITE);
        light.play();
        Thread.currentThread().setUncaughtExceptionHandler((thread, failure) -> ui.recover(failure));

        boolean windowed = flags.contains("--windowed");
        Rectangle2D bounds = javafx.stage.Screen.getPrimary().getBounds();
        Scene scene = windowed ? new Scene(ui.root(), 1280, 800) : new Scene(ui.root(), bounds.getWidth(), bounds.getHeight());
        if (!flags.contains("--show-cursor")) {
            scene.setCursor(Cursor.NONE);
        }
        Runnable firstFrame = onFirstFrame;
        if (firstFrame != null) {
            scene.addPostLayoutPulseListener(new Runnable() {
                @Override
                public void run() {
                    scene.removePostLayoutPulseListener(this);
                    firstFrame.run();
                }
            });
        }
        if (!windowed) {
            stage.initStyle(StageStyle.UNDECORATED);
            stage.setFullScreenExitHint("");
            stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
            stage.setFullScreen(true);
        }
        stage.setTitle("Kiosk");
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> Platform.exit());
        stage.show();
        ui.start();
        LOG.info("kiosk UI started ({} services, catalog {})", catalogs.current().services().size(),
                catalogs.current().version());
    }

    /** @return null for {@code --card=none} (the default) */
    private static CardReader cardReader(Map<String, String> named, UsageRecorder recorder) throws java.io.IOException {
        String kind = named.getOrDefault("card", "none");
        switch (kind) {
            case "none":
                return null;
            case "simulated": {
                SimulatedCardReader sim = SimulatedCardReader.demo(recorder);
                sim.fault(simulatedFault(named.getOrDefault("card-fault", "none")));
                sim.insert(); // before the UI listens: a demo card already on the reader does not wake it
                return sim;
            }
            case "pcsc": {
                CscaTrustStore trust;
                if (named.containsKey("csca")) {
                    trust = CscaTrustStore.load(Path.of(named.get("csca")));
                } else {
                    LOG.warn("no --csca given: card data will show as not verified");
                    trust = CscaTrustStore.empty();
                }
                LOG.info("card reader: PC/SC, {} CSCA certificate(s)", trust.size());
                return PcscCardReader.start(PcscCardReader.Config.defaults(trust, recorder));
            }
            default:
                throw new IllegalArgumentException("--card must be none, simulated or pcsc, not " + kind);
        }
    }

    /** {@code cloned} → {@link SimulatedCardReader.Fault#CLONED}; a word that names none is a clear error. */
    static SimulatedCardReader.Fault simulatedFault(String word) {
        try {
            return SimulatedCardReader.Fault.valueOf(word.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--card-fault must be one of "
                    + Arrays.toString(SimulatedCardReader.Fault.values()).toLowerCase(Locale.ROOT)
                    .replace('_', '-') + ", not " + word, e);
        }
    }

    @Override
    public void stop() {
        if (light != null) {
            light.stop();
        }
        if (ui != null) {
            ui.stop();
        }
        if (gpio != null) {
            gpio.close();
        }
        if (deviceWork != null) {
            deviceWork.shutdownNow();
        }
        if (speech != null) {
            speech.close();
        }
        if (cardReader != null) {
            cardReader.close(); // wipes a session the reader still holds
        }
        if (telemetry != null) {
            telemetry.close();
        }
    }
}
