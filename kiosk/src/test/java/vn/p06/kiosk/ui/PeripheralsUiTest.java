package vn.p06.kiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import vn.p06.kiosk.gpio.Pi4jGpio;
import vn.p06.kiosk.print.PdfFonts;
import vn.p06.kiosk.print.PrinterFault;
import vn.p06.kiosk.scan.ScanFault;
import vn.p06.kiosk.scan.SimulatedScanner;
import vn.p06.kiosk.ticket.SimulatedTicketPrinter;
import vn.p06.kiosk.ticket.TicketNumbers;
import vn.p06.kiosk.session.SessionManager;

/** The peripherals as the resident meets them on screen, and the GPIO through Pi4J's mock platform. */
@ExtendWith(ApplicationExtension.class)
class PeripheralsUiTest {
    @TempDir
    static Path dirs;
    final SimulatedTicketPrinter tickets = new SimulatedTicketPrinter();
    final SimulatedScanner scanner = new SimulatedScanner();
    final ExecutorService work = Executors.newSingleThreadExecutor();
    Path scanRoot;
    Path usb;
    UiFixture f;
    Context pi4j;
    Pi4jGpio gpio;

    @Start
    void start(Stage stage) throws Exception {
        scanRoot = Files.createTempDirectory(dirs, "scans");
        usb = Files.createTempDirectory(dirs, "usb");
        f = new UiFixture(new Devices(Optional.empty(), Optional.of(tickets),
                new TicketNumbers(java.time.Clock.systemUTC(), ZoneId.of("Asia/Ho_Chi_Minh"), "A"),
                Optional.of(scanner), scanRoot, Optional.of(usb), PdfFonts.noto(), work));
        pi4j = Pi4J.newContextBuilder().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
        gpio = Pi4jGpio.on(pi4j, Pi4jGpio.Pins.defaults());
        // The same wiring as KioskApp: Pi4J's thread hands over to the JavaFX thread.
        gpio.onPresence(() -> Platform.runLater(f.ui::presence));
        gpio.onCallStaff(() -> Platform.runLater(() -> f.ui.callStaff("button")));
        stage.setScene(new Scene(f.ui.root(), 1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        gpio.close();
        pi4j.shutdown();
        work.shutdownNow();
    }

    private static void waitFor(FxRobot robot, String query) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> UiFixture.shown(robot, query));
    }

    private static void waitForText(FxRobot robot, String query, String text) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text.equals(UiFixture.onFx(() -> ((Label) robot.lookup(query).query()).getText())));
    }

    private void openService(FxRobot robot) throws Exception {
        robot.clickOn("#attract");
        KioskUiTest.touch(robot, "#group-residence");
        robot.clickOn("#service-residence-permanent");
        waitFor(robot, "#service");
    }

    @Test
    void thePresenceSensorWakesTheAttractLoopButNeverInterruptsAVisit(FxRobot robot) throws Exception {
        assertThat(UiFixture.shown(robot, "#attract")).isTrue();
        MockDigitalInput sensor = pi4j.io("presence");
        sensor.mockState(DigitalState.HIGH);
        waitFor(robot, "#groups");
        assertThat(f.kinds()).containsExactly("session.start");

        KioskUiTest.touch(robot, "#group-residence");
        waitFor(robot, "#group");
        sensor.mockState(DigitalState.LOW);
        sensor.mockState(DigitalState.HIGH);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(UiFixture.shown(robot, "#group")).as("a resident walking past does not send the visit home").isTrue();
    }

    @Test
    void theCallStaffButtonTellsTheDashboardAndTheResident(FxRobot robot) throws Exception {
        ((MockDigitalInput) pi4j.io("call-staff")).mockState(DigitalState.HIGH);
        waitFor(robot, "#staff-notice");
        assertThat(((Label) robot.lookup("#staff-notice").query()).getText()).isEqualTo("Đã báo cán bộ. Xin chờ, cán bộ sẽ tới ngay.");
        openService(robot);
        KioskUiTest.touch(robot, "#call-staff");
        assertThat(f.events).filteredOn(e -> e.kind().equals("staff.called")).extracting(UiFixture.Event::attributes)
                .containsExactly(Map.of("source", "button"), Map.of("source", "screen"));
    }

    @Test
    void aQueueTicketShowsItsNumberAndPaperOutIsNamed(FxRobot robot) throws Exception {
        openService(robot);
        KioskUiTest.touch(robot, "#ticket");
        waitForText(robot, "#print-status", "Số của bạn: A-001. Mời bạn lấy phiếu ở khe in.");
        assertThat(KioskUiTest.tooSmall(robot.lookup("#service").query())).isEmpty();
        publish(robot, "service-devices-vi");
        assertThat(tickets.printed()).singleElement().satisfies(t -> {
            assertThat(t.number()).isEqualTo("A-001");
            assertThat(t.service()).isEqualTo("Đăng ký thường trú");
            assertThat(t.heading()).isEqualTo("SỐ THỨ TỰ");
        });

        tickets.fail(PrinterFault.PAPER_OUT);
        KioskUiTest.touch(robot, "#ticket");
        waitForText(robot, "#print-status", "Máy in đã hết giấy. Mời bạn báo cán bộ một cửa.");
        tickets.fix();
        KioskUiTest.touch(robot, "#ticket");
        waitForText(robot, "#print-status", "Số của bạn: A-003. Mời bạn lấy phiếu ở khe in.");
        assertThat(f.events).filteredOn(e -> e.kind().equals("ticket.printed")).extracting(UiFixture.Event::attributes)
                .containsExactly(Map.of("service", "residence-permanent", "outcome", "ok"),
                        Map.of("service", "residence-permanent", "outcome", "failed"),
                        Map.of("service", "residence-permanent", "outcome", "ok"));
    }

    @Test
    void scannedPagesCanBeRetakenSavedToTheStickAndAreGoneWhenTheVisitEnds(FxRobot robot) throws Exception {
        openService(robot);
        KioskUiTest.touch(robot, "#scan");
        waitFor(robot, "#scan");
        robot.clickOn("#scan-page");
        waitForText(robot, "#scan-status", "Đã quét trang 1.");
        robot.clickOn("#scan-page");
        waitForText(robot, "#scan-status", "Đã quét trang 2.");
        List<Path> pages = f.ui.scansIfAny().orElseThrow().pages();
        assertThat(pages).hasSize(2).allSatisfy(p -> assertThat(p).exists());
        assertThat(KioskUiTest.tooSmall(robot.lookup("#scan").query())).isEmpty();
        publish(robot, "scan-vi");

        robot.clickOn("#retake-0");
        waitForText(robot, "#scan-status", "Đã quét lại trang 1.");
        assertThat(pages.get(0)).as("the retaken page is shredded").doesNotExist();

        scanner.fail(ScanFault.JAMMED);
        robot.clickOn("#scan-page");
        waitForText(robot, "#scan-status", "Giấy bị kẹt trong máy quét. Mời bạn hỏi cán bộ một cửa.");
        scanner.fail(ScanFault.ABSENT);
        robot.clickOn("#scan-page");
        waitForText(robot, "#scan-status", "Không tìm thấy máy quét. Mời bạn hỏi cán bộ một cửa.");
        scanner.fix();

        robot.clickOn("#scan-save");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> ((Label) robot.lookup("#scan-status").query()).getText().startsWith("Đã lưu giay-to-"));
        assertThat(listed(usb)).hasSize(1);
        Path saved = listed(usb).get(0);
        assertThat(saved.getFileName().toString()).startsWith("giay-to-").endsWith(".pdf");
        List<Path> kept = f.ui.scansIfAny().orElseThrow().pages();
        Path dir = f.ui.scansIfAny().orElseThrow().directory();

        robot.interact(() -> f.ui.session().end(SessionManager.EndReason.DONE));

        assertThat(kept).allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(dir).doesNotExist();
        assertThat(listed(scanRoot)).isEmpty();
        assertThat(saved).as("the resident's own copy is theirs").exists();
        assertThat(f.events).contains(new UiFixture.Event("scan.done", Map.of("pages", "2", "saved", "true")));
        // Nothing from the scans in the events but counts.
        assertThat(f.events.toString()).doesNotContain(dir.toString());
    }

    @Test
    void withoutDevicesTheirButtonsAreHidden(FxRobot robot) throws Exception {
        UiFixture plain = new UiFixture();
        robot.interact(() -> robot.targetWindow().getScene().setRoot(new javafx.scene.layout.StackPane(plain.ui.root())));
        robot.clickOn("#attract");
        KioskUiTest.touch(robot, "#group-residence");
        robot.clickOn("#service-residence-permanent");
        waitFor(robot, "#service");
        assertThat(UiFixture.shown(robot, "#ticket")).isFalse();
        assertThat(UiFixture.shown(robot, "#scan")).isFalse();
        assertThat(UiFixture.shown(robot, "#call-staff")).isTrue();
    }

    /** A picture for the docs when {@code -Dkiosk.screenshots=DIR} is given (as ScreenshotsTest does). */
    private static void publish(FxRobot robot, String name) throws Exception {
        String dir = System.getProperty("kiosk.screenshots");
        if (dir == null) {
            return;
        }
        javafx.scene.image.WritableImage shot = WaitForAsyncUtils.asyncFx(
                () -> robot.targetWindow().getScene().snapshot(null)).get();
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(shot, null), "png",
                Path.of(dir).resolve(name + ".png").toFile());
    }

    private static List<Path> listed(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

}
