package vn.p06.kiosk.ui;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import vn.p06.kiosk.print.PdfFonts;
import vn.p06.kiosk.print.SimulatedA4Printer;
import vn.p06.kiosk.scan.ScannedDocument;
import vn.p06.kiosk.ticket.TicketNumbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import vn.p06.kiosk.card.CardSession;
import vn.p06.kiosk.card.FaceImage;
import vn.p06.kiosk.card.SimulatedCardReader;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ID card in the guided UI, on real JavaFX scenes with the simulated reader failing like a card. */
@ExtendWith(ApplicationExtension.class)
class CardFlowTest {
    UiFixture f;
    TestCardReader reader;
    final SimulatedA4Printer printer = new SimulatedA4Printer();

    @Start
    void start(Stage stage) throws Exception {
        Devices devices = new Devices(Optional.of(printer), Optional.empty(),
                new TicketNumbers(Clock.systemUTC(), ZoneId.of("Asia/Ho_Chi_Minh"), "A"), Optional.empty(),
                ScannedDocument.DEFAULT_ROOT, Optional.empty(), PdfFonts.noto(), Runnable::run);
        f = new UiFixture(usage -> reader = new TestCardReader(usage), devices);
        stage.setScene(new Scene(f.ui.root(), 1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx((Runnable) f.ui::stop).get();
    }

    /** Until the node is on screen and laid out (a scroll pane's content joins the graph on layout). */
    private static void waitFor(FxRobot robot, String query) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> UiFixture.shown(robot, query));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String query) throws Exception {
        return UiFixture.onFx(() -> ((Label) robot.lookup(query).query()).getText());
    }

    /** Attract → home → residence → temporary residence → "use my ID card", with the card laid on the reader. */
    private void toCardScreen(FxRobot robot) throws Exception {
        robot.clickOn("#attract");
        KioskUiTest.touch(robot, "#group-residence");
        robot.clickOn("#service-residence-temporary");
        reader.sim.insert();
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#use-card");
        assertThat(UiFixture.shown(robot, "#card-key")).isTrue();
    }

    private static void type(FxRobot robot, String digits) {
        for (char c : digits.toCharArray()) {
            robot.clickOn("#pad-" + c);
        }
    }

    /** The same keypad buttons fired in one go: for tests about what follows the typing, not the typing. */
    private static void press(FxRobot robot, String digits) {
        robot.interact(() -> {
            for (char c : digits.toCharArray()) {
                ((Button) robot.lookup("#pad-" + c).query()).fire();
            }
        });
    }

    private void readToForm(FxRobot robot) throws Exception {
        toCardScreen(robot);
        press(robot, TestCardReader.DOCUMENT + TestCardReader.BIRTH + TestCardReader.EXPIRY);
        robot.clickOn("#card-read");
        waitFor(robot, "#card-form");
    }

    @Test
    void theCardFillsTheFormMarkedFromTheCardAndOnlyACountIsRecorded(FxRobot robot) throws Exception {
        toCardScreen(robot);
        assertThat(text(robot, "#card-presence")).isEqualTo("Đã nhận thẻ trên đầu đọc.");
        type(robot, TestCardReader.DOCUMENT + TestCardReader.BIRTH + TestCardReader.EXPIRY);
        assertThat(((Button) robot.lookup("#field-birth").query()).getText()).isEqualTo("15/01/85  ·  "
                + TestCardReader.BIRTH.charAt(6));
        assertThat(KioskUiTest.tooSmall(robot.lookup("#card-key").query())).isEmpty();
        assertThat(((Button) robot.lookup("#pad-5").query()).getHeight()).isGreaterThanOrEqualTo(72);

        reader.pauseInFace();
        robot.clickOn("#card-read");
        reader.awaitFace();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(UiFixture.shown(robot, "#card-reading")).isTrue();
        assertThat(text(robot, "#card-step")).isEqualTo("Đang đọc ảnh chân dung, xin chờ vài giây…");
        double progress = ((ProgressBar) robot.lookup("#card-progress").query()).getProgress();
        assertThat(progress).isBetween(0.35, 0.9);
        assertThat(robot.lookup("#stage-1").query().getStyleClass()).contains("stage-done");
        assertThat(robot.lookup("#stage-2").query().getStyleClass()).contains("stage-now");
        reader.release();

        waitFor(robot, "#card-form");
        assertThat(text(robot, "#value-full-name")).isEqualTo(TestCardReader.NAME);
        assertThat(text(robot, "#mark-full-name")).isEqualTo("Từ thẻ của bạn");
        assertThat(text(robot, "#value-id-number")).isEqualTo(TestCardReader.ID);
        assertThat(text(robot, "#mark-id-number")).isEqualTo("Từ thẻ của bạn");
        assertThat(text(robot, "#value-spouse-name")).as("the card holds no spouse: left for the desk").isEmpty();
        assertThat(text(robot, "#mark-spouse-name")).isEqualTo("Cán bộ sẽ điền");
        assertThat(UiFixture.shown(robot, "#card-unverified")).isFalse();
        assertThat(text(robot, "#card-chip-genuine")).isEqualTo("Chip đã chứng minh đây là thẻ gốc, không phải bản sao.");
        assertThat(((ImageView) robot.lookup("#card-face").query()).getImage().getWidth()).isEqualTo(120);
        assertThat(UiFixture.visibleTexts(robot.lookup("#card-form").query())).noneMatch(s -> s.contains(I18n.MISSING));
        assertThat(KioskUiTest.tooSmall(robot.lookup("#card-form").query())).isEmpty();

        robot.clickOn("#card-confirm");
        assertThat(text(robot, "#card-form-status")).startsWith("Đã xác nhận");
        assertThat(f.kinds()).containsExactly("session.start", "service.viewed", "card.read", "form.prefilled");
        assertThat(f.events.get(3).attributes()).isEqualTo(Map.of("service", "residence-temporary", "fields", "14"));
        assertThat(f.events.toString()).doesNotContain("Phạm", TestCardReader.ID, "185012345", "1985", "850115");
        assertThat(f.speech.said().toString()).doesNotContain("Phạm", TestCardReader.ID);

        // Never ask again: back at the service, the card fills the form at once, no second read.
        robot.clickOn("#back");
        assertThat(UiFixture.shown(robot, "#service")).isTrue();
        robot.clickOn("#use-card");
        assertThat(UiFixture.shown(robot, "#card-form")).isTrue();
        assertThat(reader.reads.get()).isEqualTo(1);
    }

    @Test
    void theFormPrintsOnTheA4PrinterAndOnlyTheOutcomeIsRecorded(FxRobot robot) throws Exception {
        readToForm(robot);
        robot.clickOn("#form-print");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text(robot, "#card-form-status").equals("Đã in tờ khai. Mời bạn lấy giấy ở máy in."));
        assertThat(printer.printed()).singleElement().satisfies(p -> {
            assertThat(p.title()).isEqualTo("form");
            assertThat(p.bytes()).isGreaterThan(10_000);
        });
        printer.fail(vn.p06.kiosk.print.PrinterFault.PAPER_OUT);
        robot.clickOn("#form-print");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text(robot, "#card-form-status").equals("Máy in đã hết giấy. Mời bạn báo cán bộ một cửa."));
        assertThat(f.events).filteredOn(e -> e.kind().equals("form.printed")).extracting(UiFixture.Event::attributes)
                .containsExactly(Map.of("service", "residence-temporary", "outcome", "ok"),
                        Map.of("service", "residence-temporary", "outcome", "failed"));
        assertThat(f.events.toString()).doesNotContain("Phạm", TestCardReader.ID);
    }

    @Test
    void aWrongCheckDigitNamesTheFieldWithoutTouchingTheChip(FxRobot robot) throws Exception {
        toCardScreen(robot);
        char wrong = (char) ('0' + (TestCardReader.BIRTH.charAt(6) - '0' + 1) % 10);
        type(robot, TestCardReader.DOCUMENT + TestCardReader.BIRTH.substring(0, 6) + wrong + TestCardReader.EXPIRY);
        robot.clickOn("#card-read");
        assertThat(text(robot, "#card-invalid-birth")).isEqualTo("Ngày sinh không hợp lệ — kiểm tra lại");
        assertThat(UiFixture.shown(robot, "#card-invalid-document")).isFalse();
        assertThat(UiFixture.shown(robot, "#card-invalid-expiry")).isFalse();
        assertThat(robot.lookup("#field-birth").query().getStyleClass()).contains("invalid");
        assertThat(reader.reads.get()).as("the chip was not touched").isZero();
        assertThat(f.kinds()).doesNotContain("card.read");

        robot.clickOn("#language");
        assertThat(UiFixture.shown(robot, "#card-key")).isTrue();
        robot.clickOn("#card-read");
        assertThat(text(robot, "#card-invalid-birth")).isEqualTo("The date of birth is not valid — please check it");

        // Fixing the check digit (delete, retype) clears the complaint and reads.
        robot.clickOn("#field-birth");
        robot.clickOn("#pad-delete");
        type(robot, String.valueOf(TestCardReader.BIRTH.charAt(6)));
        assertThat(UiFixture.shown(robot, "#card-invalid-birth")).isFalse();
        robot.clickOn("#card-read");
        waitFor(robot, "#card-form");
        assertThat(reader.reads.get()).isEqualTo(1);
    }

    @Test
    void aKeyTheChipRefusesReturnsToTheKeypadWithTheNumbersKept(FxRobot robot) throws Exception {
        toCardScreen(robot);
        // Consistent check digits, but not this card's birth date: only the chip can tell.
        String otherBirth = "160185" + TestCardReader.check("850116");
        press(robot, TestCardReader.DOCUMENT + otherBirth + TestCardReader.EXPIRY);
        robot.clickOn("#card-read");
        waitFor(robot, "#card-notice");
        assertThat(UiFixture.shown(robot, "#card-key")).isTrue();
        assertThat(text(robot, "#card-notice")).startsWith("Thẻ không mở được với các số này");
        assertThat(((Button) robot.lookup("#field-birth").query()).getText()).startsWith("16/01/85");
        assertThat(((Button) robot.lookup("#field-document").query()).getText()).startsWith("185012345");
        assertThat(f.events).last().extracting(e -> e.attributes().get("outcome")).isEqualTo("wrong-key");
        assertThat(f.ui.card().session()).isEmpty();
    }

    @Test
    void theCanFromTheFrontOpensTheChipAndAWrongOneAsksToCheckIt(FxRobot robot) throws Exception {
        toCardScreen(robot);
        robot.clickOn("#card-use-can");
        waitFor(robot, "#field-can");
        assertThat(UiFixture.shown(robot, "#field-document")).isFalse();
        press(robot, "12345");
        assertThat(((Button) robot.lookup("#field-can").query()).getText()).isEqualTo("123 45_");
        robot.clickOn("#card-read");
        assertThat(text(robot, "#card-invalid-can")).isEqualTo("Số truy cập có 6 chữ số — mời bạn nhập đủ");
        assertThat(reader.reads.get()).as("five digits never reach the chip").isZero();

        press(robot, "7"); // 123457: six digits, not this card's CAN (123456)
        robot.clickOn("#card-read");
        waitFor(robot, "#card-notice");
        assertThat(text(robot, "#card-notice")).startsWith("Thẻ không mở được với số truy cập này");
        assertThat(((Button) robot.lookup("#field-can").query()).getText()).as("kept").isEqualTo("123 457");
        assertThat(f.events).last().extracting(e -> e.attributes().get("outcome")).isEqualTo("wrong-key");

        robot.clickOn("#pad-delete");
        press(robot, "6");
        robot.clickOn("#card-read");
        waitFor(robot, "#card-form");
        assertThat(text(robot, "#value-full-name")).isEqualTo(TestCardReader.NAME);
        assertThat(f.events.toString()).doesNotContain("123456", "123457");
    }

    @Test
    void switchingBackFromTheCanKeepsTheMrzNumbersTyped(FxRobot robot) throws Exception {
        toCardScreen(robot);
        press(robot, TestCardReader.DOCUMENT);
        robot.clickOn("#card-use-can");
        waitFor(robot, "#card-use-mrz");
        robot.clickOn("#card-use-mrz");
        waitFor(robot, "#field-document");
        assertThat(((Button) robot.lookup("#field-document").query()).getText()).startsWith("185012345");
    }

    @Test
    void aCardPulledDuringTheFaceAsksToLayItAgainAndShowsNothing(FxRobot robot) throws Exception {
        toCardScreen(robot);
        reader.sim.fault(SimulatedCardReader.Fault.REMOVED_DURING_FACE);
        press(robot, TestCardReader.DOCUMENT + TestCardReader.BIRTH + TestCardReader.EXPIRY);
        robot.clickOn("#card-read");
        waitFor(robot, "#card-notice");
        assertThat(text(robot, "#card-notice")).isEqualTo(
                "Thẻ đã bị lấy ra khi đang đọc. Mời bạn đặt lại thẻ và để yên cho đến khi đọc xong.");
        assertThat(text(robot, "#card-presence")).isEqualTo("Chưa thấy thẻ trên đầu đọc.");
        assertThat(f.ui.card().session()).isEmpty();
        assertThat(robot.lookup("#card-form").tryQuery()).isEmpty();

        // Touching "read" with no card says so without a read.
        robot.clickOn("#card-read");
        assertThat(text(robot, "#card-notice")).startsWith("Chưa thấy thẻ");
        assertThat(reader.reads.get()).isEqualTo(1);
    }

    @Test
    void aTamperedCardSaysSoHonestlyAndShowsNoData(FxRobot robot) throws Exception {
        toCardScreen(robot);
        reader.sim.fault(SimulatedCardReader.Fault.TAMPERED);
        press(robot, TestCardReader.DOCUMENT + TestCardReader.BIRTH + TestCardReader.EXPIRY);
        robot.clickOn("#card-read");
        waitFor(robot, "#card-notice");
        assertThat(text(robot, "#card-notice")).startsWith("Không xác thực được dữ liệu trên thẻ này");
        assertThat(robot.lookup("#card-form").tryQuery()).isEmpty();
        assertThat(UiFixture.visibleTexts(f.ui.root())).noneMatch(s -> s.contains("Phạm") || s.contains(TestCardReader.ID));
        assertThat(f.ui.card().session()).isEmpty();
        assertThat(f.events).last().extracting(e -> e.attributes().get("outcome")).isEqualTo("tampered");

        reader.sim.fault(SimulatedCardReader.Fault.NOT_AN_ID_CARD);
        robot.clickOn("#card-read");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text(robot, "#card-notice").startsWith("Máy không đọc được"));
    }

    @Test
    void aClonedChipIsCalledAPossibleCopyAndShowsNoData(FxRobot robot) throws Exception {
        toCardScreen(robot);
        reader.sim.fault(SimulatedCardReader.Fault.CLONED);
        press(robot, TestCardReader.DOCUMENT + TestCardReader.BIRTH + TestCardReader.EXPIRY);
        robot.clickOn("#card-read");
        waitFor(robot, "#card-notice");
        assertThat(text(robot, "#card-notice")).startsWith("Chip trên thẻ này không chứng minh được đây là thẻ gốc");
        assertThat(robot.lookup("#card-form").tryQuery()).isEmpty();
        assertThat(UiFixture.visibleTexts(f.ui.root())).noneMatch(s -> s.contains("Phạm") || s.contains(TestCardReader.ID));
        assertThat(f.ui.card().session()).isEmpty();
        assertThat(f.events).last().satisfies(e -> assertThat(e.attributes()).containsEntry("outcome", "tampered")
                .containsEntry("chip_proof", "cloned"));
    }

    @Test
    void aCardThatCannotProveItsChipFillsTheFormAndSaysTheDeskWillLook(FxRobot robot) throws Exception {
        reader.sim.fault(SimulatedCardReader.Fault.NO_CHIP_PROOF);
        readToForm(robot);
        assertThat(text(robot, "#card-chip-unproven")).startsWith("Chip của thẻ này không có chức năng chứng minh");
        assertThat(robot.lookup("#card-chip-genuine").tryQuery()).isEmpty();
        assertThat(text(robot, "#value-full-name")).isEqualTo(TestCardReader.NAME);
    }

    @Test
    void anUnknownSignerFillsTheFormMarkedNotVerified(FxRobot robot) throws Exception {
        reader.sim.fault(SimulatedCardReader.Fault.CHAIN_UNKNOWN);
        readToForm(robot);
        assertThat(UiFixture.shown(robot, "#card-unverified")).isTrue();
        assertThat(text(robot, "#mark-full-name")).isEqualTo("Từ thẻ của bạn, chưa xác thực");
        assertThat(text(robot, "#value-full-name")).isEqualTo(TestCardReader.NAME);
    }

    @Test
    void theTimeoutWipesTheCardSessionAndClearsTheForm(FxRobot robot) throws Exception {
        readToForm(robot);
        CardSession session = f.ui.card().session().orElseThrow();
        FaceImage face = session.face().orElseThrow();
        BufferedImage pixels = face.image().orElseThrow();
        pixels.setRGB(3, 3, 0xFFFFFF); // mark the face so that zeroing is observable
        Label name = robot.lookup("#value-full-name").query();

        f.clock.advance(Duration.ofSeconds(90));
        robot.interact(f.ui::tick);
        assertThat(UiFixture.shown(robot, "#attract")).isTrue();
        assertWiped(session, face, pixels);
        assertThat(name.getText()).as("the form's label is cleared, not just hidden").isEmpty();
        assertThat(f.ui.card().entry().isEmpty()).as("the typed key goes too").isTrue();
        assertThat(f.events).last().extracting(UiFixture.Event::kind).isEqualTo("session.end");
    }

    @Test
    void doneWipesTheCardSession(FxRobot robot) throws Exception {
        readToForm(robot);
        CardSession session = f.ui.card().session().orElseThrow();
        FaceImage face = session.face().orElseThrow();
        BufferedImage pixels = face.image().orElseThrow();
        pixels.setRGB(0, 0, 0xFFFFFF);
        robot.clickOn("#done");
        assertThat(session.isWiped()).as("the rating screen still belongs to the visit").isFalse();
        robot.clickOn("#skip");
        assertThat(UiFixture.shown(robot, "#attract")).isTrue();
        assertWiped(session, face, pixels);
    }

    @Test
    void takingTheCardAwayOnTheFormWipesItAndLeavesTheForm(FxRobot robot) throws Exception {
        readToForm(robot);
        CardSession session = f.ui.card().session().orElseThrow();
        Label name = robot.lookup("#value-full-name").query();
        ImageView faceView = robot.lookup("#card-face").query();
        reader.sim.remove();
        waitFor(robot, "#card-key");
        assertThat(robot.lookup("#card-form").tryQuery()).isEmpty();
        assertThat(text(robot, "#card-notice")).isEqualTo("Thẻ đã được lấy ra. Thông tin từ thẻ đã được xóa khỏi máy.");
        assertThat(session.isWiped()).isTrue();
        assertThat(name.getText()).isEmpty();
        assertThat(faceView.getImage()).isNull();
        assertThat(f.ui.card().session()).isEmpty();
        assertThat(f.ui.session().active()).as("the visit goes on").isTrue();
        // Back leads to the service, not to the finished read or the wiped form.
        robot.clickOn("#back");
        assertThat(UiFixture.shown(robot, "#service")).isTrue();
    }

    @Test
    void aCardLaidOnTheReaderWakesTheAttractLoop(FxRobot robot) throws Exception {
        waitFor(robot, "#attract");
        reader.sim.insert();
        waitFor(robot, "#home");
        assertThat(f.ui.session().active()).isTrue();
    }

    @Test
    void aQrFromTheCardFrontLeavesOnlyTheExpiryToType(FxRobot robot) throws Exception {
        toCardScreen(robot);
        robot.interact(() -> assertThat(f.ui.cardQr("not a card")).isFalse());
        assertThat(text(robot, "#card-notice")).startsWith("Mã QR này không phải");
        robot.interact(() -> assertThat(f.ui.cardQr(TestCardReader.ID + "|012345678|" + TestCardReader.NAME
                + "|15011985|Nữ|Số 1 Đường Mẫu|01072021")).isTrue());
        assertThat(UiFixture.shown(robot, "#card-qr-used")).isTrue();
        assertThat(robot.lookup("#field-document").tryQuery()).isEmpty();
        assertThat(UiFixture.shown(robot, "#card-notice")).isFalse();
        type(robot, "310245");
        robot.clickOn("#card-read");
        assertThat(text(robot, "#card-invalid-expiry")).startsWith("Ngày hết hạn không hợp lệ");
        robot.clickOn("#pad-delete");
        robot.clickOn("#pad-delete");
        robot.clickOn("#pad-delete");
        robot.clickOn("#pad-delete");
        robot.clickOn("#pad-delete");
        robot.clickOn("#pad-delete");
        type(robot, "150145");
        robot.clickOn("#card-read");
        waitFor(robot, "#card-form");
        assertThat(text(robot, "#value-full-name")).isEqualTo(TestCardReader.NAME);
    }

    @Test
    void withoutAReaderTheButtonIsHiddenAndAQrIsIgnored(FxRobot robot) throws Exception {
        UiFixture plain = WaitForAsyncUtils.asyncFx(() -> {
            try {
                return new UiFixture();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get();
        robot.interact(() -> {
            plain.ui.wake();
            plain.ui.flow().service("residence-temporary");
        });
        Node service = plain.ui.root().lookup("#service");
        assertThat(service).isNotNull();
        assertThat(service.lookup("#use-card")).isNull();
        robot.interact(() -> assertThat(plain.ui.cardQr(TestCardReader.ID + "|||15011985|||01072021")).isFalse());
        robot.interact(plain.ui::stop);
    }

    private static void assertWiped(CardSession session, FaceImage face, BufferedImage pixels) {
        assertThat(session.isWiped()).isTrue();
        assertThatThrownBy(session::citizen).isInstanceOf(IllegalStateException.class);
        assertThat(face.image()).isEmpty();
        int[] rgb = pixels.getRGB(0, 0, pixels.getWidth(), pixels.getHeight(), null, 0, pixels.getWidth());
        assertThat(Arrays.stream(rgb).map(p -> p & 0xFFFFFF).distinct().toArray()).as("face pixels zeroed")
                .containsExactly(0);
        assertThat(face.encoded()).containsOnly(0);
        assertThat(List.of(session.toString())).noneMatch(s -> s.contains("Phạm"));
    }
}
