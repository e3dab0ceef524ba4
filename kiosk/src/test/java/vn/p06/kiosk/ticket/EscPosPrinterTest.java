package vn.p06.kiosk.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.p06.kiosk.print.PdfFonts;
import vn.p06.kiosk.print.PrintException;
import vn.p06.kiosk.print.PrinterFault;
import vn.p06.protocol.Body;

/** A queue ticket over real TCP to a fake 9100 printer that answers ESC/POS status requests. */
class EscPosPrinterTest {
    static final Ticket TICKET = new Ticket("SỐ THỨ TỰ", "A-042", "Đăng ký thường trú", "08:15 · 01/03/2025",
            "Xin mời chờ gọi số tại bộ phận một cửa", "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html");

    private FakeThermalPrinter fake;
    private EscPosPrinter printer;
    private TicketRenderer renderer;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeThermalPrinter();
        PdfFonts noto = PdfFonts.noto();
        renderer = new TicketRenderer(noto.regular(), noto.bold(), TicketRenderer.WIDTH_80MM);
        printer = new EscPosPrinter(fake.address(), Duration.ofSeconds(5), renderer);
    }

    @AfterEach
    void stop() throws Exception {
        fake.close();
    }

    @Test
    void theTicketArrivesAsTheExpectedEscPosBytes() throws Exception {
        printer.print(TICKET);

        await().atMost(Duration.ofSeconds(10)).until(() -> fake.jobs().size() == 1);
        byte[] job = fake.jobs().get(0);
        assertThat(job).isEqualTo(renderer.escPos(TICKET));
        String hex = HexFormat.of().formatHex(job);
        assertThat(hex).startsWith("1b40")                      // ESC @ initialise
                .contains("1d763000" + "4800")                   // GS v 0: raster rows of 72 bytes = 576 dots
                .contains(HexFormat.of().formatHex("A-042".getBytes(StandardCharsets.US_ASCII)))
                .contains("1d286b")                             // GS ( k: the QR code
                .contains(HexFormat.of().formatHex(TICKET.qr().getBytes(StandardCharsets.US_ASCII)))
                .endsWith("1d5630");                            // GS V 0: full cut
        // Vietnamese never goes as text: no byte of a code-page letter such as 'Đ' (0xD0 in CP1258).
        assertThat(new String(job, StandardCharsets.ISO_8859_1)).doesNotContain("THỨ").doesNotContain("Đăng");
        assertThat(fake.statusRequests()).isEqualTo(3);
    }

    @Test
    void paperOutFromTheStatusBytesStopsTheTicketAndShowsInHealth() throws Exception {
        fake.paperOut(true);

        assertThatThrownBy(() -> printer.print(TICKET)).isInstanceOf(PrintException.class)
                .satisfies(e -> assertThat(((PrintException) e).fault()).isEqualTo(PrinterFault.PAPER_OUT));
        assertThat(printer.state()).isEqualTo(new Body.Peripheral(true, "paper-out", fake.address().toString()));
        assertThat(fake.jobs()).isEmpty();

        fake.paperOut(false);
        assertThat(printer.state().state()).isEqualTo("ready");
        printer.print(TICKET);
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.jobs().size() == 1);
    }

    @Test
    void anOpenCoverIsReportedAsSuch() {
        fake.coverOpen(true);
        assertThat(printer.state().state()).isEqualTo("door-open");
        assertThatThrownBy(() -> printer.print(TICKET))
                .satisfies(e -> assertThat(((PrintException) e).fault()).isEqualTo(PrinterFault.DOOR_OPEN));
    }

    @Test
    void aPrinterThatIsNotThereIsOffline() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        EscPosPrinter gone = new EscPosPrinter(new InetSocketAddress("127.0.0.1", closed), Duration.ofSeconds(2), renderer);
        assertThat(gone.state().present()).isFalse();
        assertThat(gone.state().state()).isEqualTo("offline");
        assertThatThrownBy(() -> gone.print(TICKET))
                .satisfies(e -> assertThat(((PrintException) e).fault()).isEqualTo(PrinterFault.OFFLINE));
    }

    @Test
    void aTicketWithANumberOrQrThePrinterCannotCarryIsRefused() {
        assertThatThrownBy(() -> new Ticket("h", "Số 1", "s", "t", "f", "x")).hasMessageContaining("Số 1");
        assertThatThrownBy(() -> new Ticket("h", "A-1", "s", "t", "f", "đ")).hasMessageContaining("ASCII");
    }
}
