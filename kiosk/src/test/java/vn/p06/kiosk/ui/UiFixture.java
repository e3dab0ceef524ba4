package vn.p06.kiosk.ui;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import vn.p06.kiosk.card.CardReader;
import vn.p06.kiosk.catalog.CatalogStore;
import vn.p06.kiosk.content.ActiveRelease;
import vn.p06.kiosk.speech.SilentSpeech;
import vn.p06.kiosk.telemetry.UsageRecorder;
import vn.p06.testsupport.MutableClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** A KioskUi wired to simulators: a hand-moved clock, recorded events, silent speech, a recording printer. */
final class UiFixture {
    record Event(String kind, Map<String, String> attributes) {
    }


    final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    final List<Event> events = new CopyOnWriteArrayList<>();
    /** The attract loop's {@code content.played} events. */
    final List<Event> plays = new CopyOnWriteArrayList<>();
    final SilentSpeech speech = new SilentSpeech();
    final List<String> printed = new CopyOnWriteArrayList<>();
    /** When set, the printer fails like one out of paper. */
    volatile boolean printerOutOfPaper;
    final CatalogStore catalogs = CatalogStore.bundled();
    final Path mediaDir;
    final KioskUi ui;

    UiFixture() throws IOException {
        this((Playlist) null, null);
    }

    UiFixture(Playlist playlist) throws IOException {
        this(playlist, null);
    }

    /** Playing a content release (the built-in playlist when it has nothing to play). */
    UiFixture(Supplier<Optional<ActiveRelease>> content) throws IOException {
        this(null, null, content, null);
    }

    /** With a card reader built on the fixture's event recorder (its {@code card.read} events land in {@link #events}). */
    UiFixture(Function<UsageRecorder, CardReader> card) throws IOException {
        this(null, card);
    }

    /** With these peripherals (tickets, scanner, form printer). */
    UiFixture(Devices devices) throws IOException {
        this(null, null, Optional::empty, devices);
    }

    /** With a card reader and these peripherals (printing the prefilled form). */
    UiFixture(Function<UsageRecorder, CardReader> card, Devices devices) throws IOException {
        this(null, card, Optional::empty, devices);
    }

    private UiFixture(Playlist playlist, Function<UsageRecorder, CardReader> card) throws IOException {
        this(playlist, card, Optional::empty, null);
    }

    private UiFixture(Playlist playlist, Function<UsageRecorder, CardReader> card,
                      Supplier<Optional<ActiveRelease>> content, Devices devices) throws IOException {
        mediaDir = Files.createTempDirectory("kiosk-media");
        // A tutorial file that is not a video: the player must fall back to the written guide.
        Files.createDirectories(mediaDir.resolve("tutorial"));
        Files.write(mediaDir.resolve("tutorial/residence-temporary.mp4"), "this is not an mp4 file".repeat(50).getBytes());
        Files.createDirectories(mediaDir.resolve("attract"));
        Files.write(mediaDir.resolve("attract/broken.mp4"), new byte[]{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 1, 2, 3});
        GuidePrinter printer = (service, lang) -> {
            if (printerOutOfPaper) {
                throw new IllegalStateException("paper out");
            }
            printed.add(service.id() + "/" + lang.code());
        };
        // Proof of play from the attract loop goes to its own list: the visit tests count the events of
        // a visit, and the touch that starts one also cuts the attract item short (content.played).
        UsageRecorder recorder = (k, a) -> (k.equals("content.played") ? plays : events).add(new Event(k, a));
        KioskUi.Ports ports = new KioskUi.Ports(clock, recorder, speech, printer,
                MediaLibrary.directory(mediaDir), playlist == null ? Playlist.defaults() : playlist,
                Duration.ofSeconds(90), Duration.ofSeconds(20)).withContent(content);
        KioskUi.Ports withCard = card == null ? ports : ports.withCard(card.apply(recorder));
        ui = devices == null ? new KioskUi(catalogs, withCard) : new KioskUi(catalogs, withCard, devices);
    }

    List<String> kinds() {
        return events.stream().map(Event::kind).toList();
    }

    /** The texts a resident can see now: labels, buttons, check boxes, field prompts, visible branches only. */
    /**
     * Runs a look at the scene on the FX thread and returns what it saw: a lookup from the test
     * thread walks the children while the UI may be changing them (IndexOutOfBoundsException).
     */
    static <T> T onFx(java.util.concurrent.Callable<T> look) throws Exception {
        return org.testfx.util.WaitForAsyncUtils.asyncFx(look).get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** The node is on screen: found, visible and in a scene (looked up on the FX thread). */
    static boolean shown(org.testfx.api.FxRobot robot, String query) throws Exception {
        return onFx(() -> robot.lookup(query).tryQuery().map(n -> n.isVisible() && n.getScene() != null)
                .orElse(false));
    }

    static List<String> visibleTexts(Node node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(Node node, List<String> out) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) {
            out.add(l.getText());
        }
        if (node instanceof TextField f && f.getText().isEmpty() && f.getPromptText() != null) {
            out.add(f.getPromptText());
        }
        if (node instanceof javafx.scene.control.ScrollPane sp && sp.getContent() != null) {
            collect(sp.getContent(), out);
        }
        if (node instanceof Parent p && !(node instanceof Labeled)) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, out);
            }
        }
    }
}
