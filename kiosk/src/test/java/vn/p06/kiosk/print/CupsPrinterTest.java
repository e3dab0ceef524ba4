package vn.p06.kiosk.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.p06.kiosk.catalog.CatalogStore;
import vn.p06.kiosk.catalog.Lang;
import vn.p06.kiosk.catalog.Service;
import vn.p06.protocol.Body;

/** The A4 path end to end on the real CUPS: PDF → IPP Print-Job → cups-pdf → a PDF on disk; faults from IPP. */
@ExtendWith(CupsStack.class)
class CupsPrinterTest {
    static final GuidePdf.Labels VI = new GuidePdf.Labels("Các bước trực tuyến", "Các bước tại bộ phận một cửa",
            "Giấy tờ cần mang", "Lệ phí", "Thời hạn giải quyết", "Cổng dịch vụ công:", "chưa được xác nhận, hỏi bộ phận một cửa");

    static Service service() {
        return CatalogStore.bundled().current().services().get(0);
    }

    private static CupsPrinter printer(CupsStack cups, String queue) {
        return new CupsPrinter(new CupsPrinter.Config(cups.server(), queue, "root", Duration.ofMillis(100),
                Duration.ofSeconds(60)), Clock.systemUTC());
    }

    @Test
    void theGuideComesOutOfTheCupsPdfQueueWithItsVietnameseText(CupsStack cups) throws Exception {
        Service service = service();
        List<Path> before = cups.outputs();
        List<Path> spooledBefore = cups.spooledDocuments();
        CupsPrinter printer = printer(cups, CupsStack.PDF_QUEUE);
        assertThat(printer.state().state()).isEqualTo("ready");

        PrintDocument guide = GuidePdf.render(PdfFonts.noto(), service, Lang.VI, VI);
        printer.print(guide);

        List<Path> printed = new ArrayList<>(cups.outputs());
        printed.removeAll(before);
        assertThat(printed).hasSize(1);
        String text;
        try (var pdf = Loader.loadPDF(printed.get(0).toFile())) {
            text = new PDFTextStripper().getText(pdf);
        }
        String flat = text.replaceAll("\\s+", " ");
        assertThat(flat).contains(service.text(Lang.VI).title())
                .contains("Giấy tờ cần mang")
                .contains("Thời hạn giải quyết")
                .contains(service.text(Lang.VI).documents().get(0).split(" ")[0]);
        // The job is over: the document in memory is zeros, and CUPS kept no copy of it.
        assertThat(guide.pdf()).containsOnly((byte) 0);
        assertThat(cups.spooledDocuments()).isSubsetOf(spooledBefore);
    }

    @Test
    void aPrinterOutOfPaperFailsTheJobAndTheHealthReportSaysSo(CupsStack cups) throws Exception {
        cups.resetPaperOut();
        CupsPrinter printer = printer(cups, CupsStack.PAPER_OUT_QUEUE);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Họ, chữ đệm và tên", "Nguyễn Thị Ánh");
        fields.put("Nơi thường trú", "");
        PrintDocument form = FormPdf.render(PdfFonts.noto(), "Tờ khai", fields, "Thông tin từ thẻ căn cước");

        List<Path> spooledBefore = cups.spooledDocuments();
        assertThatThrownBy(() -> printer.print(form)).isInstanceOf(PrintException.class)
                .satisfies(e -> assertThat(((PrintException) e).fault()).isEqualTo(PrinterFault.PAPER_OUT));
        assertThat(form.pdf()).containsOnly((byte) 0);
        assertThat(cups.spooledDocuments()).as("the form left no copy in CUPS's spool").isSubsetOf(spooledBefore);

        Body.Peripheral state = printer.state();
        assertThat(state.present()).isTrue();
        assertThat(state.state()).isEqualTo("paper-out");
        assertThat(state.detail()).contains("media-empty");
        // The next job is refused up front, not queued behind the stopped one.
        PrintDocument next = FormPdf.render(PdfFonts.noto(), "Tờ khai", fields, "");
        assertThatThrownBy(() -> printer.print(next)).hasMessageContaining("media-empty");
    }

    @Test
    void aQueueThatDoesNotExistIsAbsent(CupsStack cups) throws Exception {
        CupsPrinter printer = printer(cups, "kiosk-test-missing");
        assertThat(printer.state()).isEqualTo(new Body.Peripheral(false, "absent", "no CUPS queue kiosk-test-missing"));
        PrintDocument guide = GuidePdf.render(PdfFonts.noto(), service(), Lang.EN, VI);
        assertThatThrownBy(() -> printer.print(guide))
                .satisfies(e -> assertThat(((PrintException) e).fault()).isEqualTo(PrinterFault.ABSENT));
    }

    @Test
    void aCupsThatDoesNotAnswerIsOffline() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CupsPrinter printer = new CupsPrinter(new CupsPrinter.Config(URI.create("http://127.0.0.1:" + closed),
                "kiosk-a4", "root", Duration.ofMillis(100), Duration.ofSeconds(5)), Clock.systemUTC());
        assertThat(printer.state().state()).isEqualTo("offline");
        assertThat(printer.state().present()).isFalse();
        assertThatThrownBy(() -> printer.print(new PrintDocument("guide", new byte[]{1, 2})))
                .satisfies(e -> assertThat(((PrintException) e).fault()).isEqualTo(PrinterFault.OFFLINE));
    }

    @Test
    void aBadQueueNameIsRefusedWithTheName() {
        assertThatThrownBy(() -> CupsPrinter.Config.local("a4/../x")).hasMessageContaining("a4/../x");
    }
}
