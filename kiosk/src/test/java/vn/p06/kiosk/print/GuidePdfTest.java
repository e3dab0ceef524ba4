package vn.p06.kiosk.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import vn.p06.kiosk.catalog.CatalogStore;
import vn.p06.kiosk.catalog.Lang;
import vn.p06.kiosk.catalog.Service;
import vn.p06.kiosk.ticket.Ticket;
import vn.p06.kiosk.ticket.TicketRenderer;

/**
 * The printed layouts: every service's guide in both languages (PDFBox refuses a character the
 * font has no glyph for, so laying them all out proves the font covers the catalog), the embedded
 * font is a subset, and the sample PNGs for the docs (pdftoppm; published with
 * {@code -Dkiosk.screenshots=DIR}).
 */
class GuidePdfTest {
    static final GuidePdf.Labels EN = new GuidePdf.Labels("Online", "At the desk", "Documents to bring", "Fees",
            "Time limit", "Portal:", "not confirmed, ask the desk");

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
    }

    @Test
    void everyServiceLaysOutInBothLanguagesWithAnEmbeddedNotoSubset() throws Exception {
        List<Service> services = CatalogStore.bundled().current().services();
        assertThat(services).hasSizeGreaterThan(20);
        for (Service service : services) {
            for (Lang lang : Lang.values()) {
                PrintDocument doc = GuidePdf.render(PdfFonts.noto(), service, lang, lang == Lang.VI ? CupsPrinterTest.VI : EN);
                String text = text(doc.pdf());
                assertThat(text).as(service.id() + "/" + lang).contains(service.text(lang).title().replaceAll("\\s+", " "));
                for (String item : service.text(lang).documents()) {
                    assertThat(text).contains(item.split(" ")[0]);
                }
                assertThat(doc.size()).as("a font subset, not the 500 KB font").isLessThan(150_000);
            }
        }
        try (PDDocument doc = Loader.loadPDF(GuidePdf.render(PdfFonts.noto(), services.get(0), Lang.VI, CupsPrinterTest.VI).pdf())) {
            List<String> fonts = new ArrayList<>();
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                PDFont f = doc.getPage(0).getResources().getFont(name);
                fonts.add(f.getName());
                assertThat(f.isEmbedded()).isTrue();
            }
            assertThat(fonts).anyMatch(n -> n.matches("[A-Z]{6}\\+NotoSans-Regular"));
        }
    }

    @Test
    void theFormPrintsValuesAndLinesToWriteOn() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Họ, chữ đệm và tên", "Trần Thị Ngọc Ánh");
        fields.put("Nơi thường trú", "");
        PrintDocument form = FormPdf.render(PdfFonts.noto(), "Đăng ký thường trú", fields, "Từ thẻ căn cước");
        assertThat(form.title()).isEqualTo("form");
        assertThat(form.toString()).doesNotContain("Ánh");
        assertThat(text(form.pdf())).contains("Trần Thị Ngọc Ánh").contains("Nơi thường trú").contains("Từ thẻ căn cước");
    }

    @Test
    void aMissingFontIsNamedAtStartUp() {
        assertThatThrownBy(() -> PdfFonts.noto(Path.of("/nonexistent")).checked())
                .hasMessageContaining("/nonexistent/NotoSans-Regular.ttf").hasMessageContaining("fonts-noto-core");
    }

    @Test
    void samplePagesForTheDocs() throws Exception {
        Path out = Path.of(System.getProperty("kiosk.screenshots", "target/samples"));
        Files.createDirectories(out);
        Service service = CatalogStore.bundled().current().service("residence-permanent").orElseThrow();
        Path pdf = Files.createTempFile("guide", ".pdf");
        Files.write(pdf, GuidePdf.render(PdfFonts.noto(), service, Lang.VI, CupsPrinterTest.VI).pdf());
        Process p = new ProcessBuilder("pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                pdf.toString(), out.resolve("print-guide-vi").toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        Files.delete(pdf);
        BufferedImage page = ImageIO.read(out.resolve("print-guide-vi.png").toFile());
        assertThat(page.getHeight()).isGreaterThan(page.getWidth()); // A4 portrait

        PdfFonts noto = PdfFonts.noto();
        TicketRenderer renderer = new TicketRenderer(noto.regular(), noto.bold(), TicketRenderer.WIDTH_80MM);
        BufferedImage ticket = renderer.preview(new Ticket("SỐ THỨ TỰ", "A-042", service.text(Lang.VI).title(),
                "08:15 · 01/03/2025", "Xin mời chờ gọi số tại bộ phận một cửa", service.portalUrl()));
        assertThat(ImageIO.write(ticket, "png", out.resolve("ticket-vi.png").toFile())).isTrue();
    }
}
