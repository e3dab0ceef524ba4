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
import vn.p06.kiosk.catalog.Lang;
import vn.p06.kiosk.config.ConfigFile;
import vn.p06.kiosk.config.ConfigSync;
import vn.p06.kiosk.config.KioskConfig;
import vn.p06.protocol.config.ConfigException;
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
 * Settings: {@code --config=FILE}, the TOML file of {@link KioskConfig} (docs/KIOSK-CONFIG.md; without
 * it the defaults), and for development any key on the command line, {@code --section.key=value}
 * (e.g. {@code --speech.engine=silent --card.reader=simulated --card.simulated-fault=cloned}), with the flags {@code --windowed}
 * (1280×800 window) and {@code --show-cursor} for {@code display.windowed} and {@code display.show-cursor}.
 * Bad settings end the start with one line per bad key and exit code 2. With {@code fleet.bundle} the
 * telemetry agent runs in this process: usage events go durably to the fleet, the active content
 * release feeds the attract loop, the tutorials and the catalog, and the fleet's config overlay
 * applies language, timeouts and the health interval at once (the rest at the next start).
 * Peripherals: docs/PERIPHERALS.md.
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

    /** Same code as picocli's usage errors and the headless agent's bad input. */
    static final int EXIT_BAD_SETTINGS = 2;

    public static void main(String[] args) {
        try {
            settings(List.of(args)).config();
        } catch (ConfigException e) {
            // before the window: the journal gets the lines and systemd the exit code
            LOG.error("bad settings, one line per key:");
            e.problems().forEach(problem -> LOG.error("  {}", problem));
            System.exit(EXIT_BAD_SETTINGS);
        }
        launch(args);
    }

    /** The settings file and the keys given on the command line. */
    static ConfigFile settings(List<String> args) throws ConfigException {
        return ConfigFile.fromCommandLine(args);
    }

    @Override
    public void start(Stage stage) throws java.io.IOException, ConfigException {
        ConfigFile file = settings(getParameters().getRaw());
        KioskConfig config = file.config();
        Optional<ConfigSync> sync = Optional.empty();
        if (config.bundle().isPresent()) {
            sync = Optional.of(ConfigSync.open(file, config.dataDir()));
            config = sync.get().current();
        }
        CatalogStore catalogs = CatalogStore.bundled();
        config.catalog().ifPresent(path -> {
            CatalogStore.Outcome outcome = catalogs.load(path);
            if (!outcome.accepted()) {
                LOG.warn("using the bundled catalog: {}", outcome.reason());
            }
        });
        speech = "espeak".equals(config.speech().engine()) ? new EspeakSpeech() : new SilentSpeech();
        MediaLibrary media = config.media().map(MediaLibrary::directory).orElseGet(MediaLibrary::empty);
        deviceWork = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "kiosk-devices");
            thread.setDaemon(true);
            return thread;
        });
        Peripherals peripherals = Peripherals.from(config, Clock.systemUTC(), deviceWork);
        UsageRecorder recorder;
        Optional<ContentSync> content = Optional.empty();
        String kioskId = null;
        if (config.bundle().isPresent()) {
            EnrollmentBundle bundle = EnrollmentBundle.read(config.bundle().get());
            kioskId = bundle.kioskId();
            telemetry = AgentRuntime.start(List.of(bundle), config.dataDir(), config.healthInterval(),
                    MqttLink.Options.defaults().withKeepAlive(config.keepAlive()), Optional.empty(),
                    peripherals.probes(), sync);
            recorder = telemetry.usage(bundle.kioskId());
            content = telemetry.content(bundle.kioskId());
            // The release's catalog replaces the one in use, now and at every activation; the store
            // keeps the current catalog when the file does not validate.
            content.flatMap(ContentSync::active).flatMap(ActiveRelease::catalog).ifPresent(catalogs::load);
            content.ifPresent(s -> s.onActivated(release -> release.catalog().ifPresent(catalogs::load)));
        } else {
            // A demo without enrollment: usage events go to the log (they hold no personal data).
            recorder = (kind, attributes) -> LOG.info("usage {} {}", kind, attributes);
        }
        // The machine's zone: the attract playlist's schedule windows are in the commune's local time.
        KioskUi.Ports ports = new KioskUi.Ports(Clock.systemDefaultZone(), recorder, speech, peripherals.guides(),
                media, Playlist.defaults(), Duration.ofSeconds(config.session().timeoutSeconds()),
                Duration.ofSeconds(config.session().warningSeconds()));
        if (content.isPresent()) {
            ports = ports.withContent(content.get()::active);
        }
        cardReader = cardReader(config, recorder);
        ui = new KioskUi(catalogs, cardReader == null ? ports : ports.withCard(cardReader), peripherals.devices());
        ui.settings(Lang.fromCode(config.kiosk().language()), ports.timeout(), ports.warning());
        // The fleet's changes that apply at once; the others wait for the next start (ConfigSync says which).
        sync.ifPresent(s -> s.onChange(change -> Platform.runLater(() -> ui.settings(
                Lang.fromCode(change.config().kiosk().language()),
                Duration.ofSeconds(change.config().session().timeoutSeconds()),
                Duration.ofSeconds(change.config().session().warningSeconds())))));
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

        boolean windowed = config.display().windowed();
        Rectangle2D bounds = javafx.stage.Screen.getPrimary().getBounds();
        Scene scene = windowed ? new Scene(ui.root(), 1280, 800) : new Scene(ui.root(), bounds.getWidth(), bounds.getHeight());
        if (!config.display().showCursor()) {
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

    /** @return null for {@code card.reader = "none"} (the default) */
    private static CardReader cardReader(KioskConfig config, UsageRecorder recorder) throws java.io.IOException {
        switch (config.card().reader()) {
            case "none":
                return null;
            case "simulated": {
                SimulatedCardReader sim = SimulatedCardReader.demo(recorder);
                sim.fault(simulatedFault(config.card().simulatedFault()));
                sim.insert(); // before the UI listens: a demo card already on the reader does not wake it
                return sim;
            }
            case "pcsc": {
                // KioskConfig makes sure a PC/SC reader has its CSCA certificates
                CscaTrustStore trust = CscaTrustStore.load(config.csca().orElseThrow());
                LOG.info("card reader: PC/SC, {} CSCA certificate(s)", trust.size());
                return PcscCardReader.start(PcscCardReader.Config.defaults(trust, recorder)
                        .withBlockSize(config.card().readBlockSize()));
            }
            default:
                throw new IllegalStateException("card.reader " + config.card().reader());
        }
    }

    /**
     * {@code cloned} → {@link SimulatedCardReader.Fault#CLONED}; {@code card.simulated-fault} is checked
     * when the settings are read, so an unknown word here is a mismatch between the two lists.
     */
    static SimulatedCardReader.Fault simulatedFault(String word) {
        try {
            return SimulatedCardReader.Fault.valueOf(word.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("card.simulated-fault must be one of "
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
