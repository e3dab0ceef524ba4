package vn.p06.kiosk.print;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Flowing text on A4 pages: headings, wrapped paragraphs, numbered steps, check boxes, an image at
 * the right margin. Breaks pages when the text reaches the bottom margin. Fonts are embedded as
 * subsets (PDType0Font), so the PDF carries exactly the Vietnamese glyphs it uses.
 */
final class PdfWriter implements AutoCloseable {
    private static final float MARGIN = 56; // ~2 cm
    private static final float BODY = 11;
    private static final float LEADING = 1.35f;

    private final PDDocument doc = new PDDocument();
    private final PDType0Font regular;
    private final PDType0Font bold;
    private PDPageContentStream page;
    private float y;
    private float right;

    PdfWriter(PdfFonts fonts) throws IOException {
        try (var r = Files.newInputStream(fonts.regular()); var b = Files.newInputStream(fonts.bold())) {
            regular = PDType0Font.load(doc, r, true);
            bold = PDType0Font.load(doc, b, true);
        }
        newPage();
    }

    private float width() {
        return right - MARGIN;
    }

    private void newPage() throws IOException {
        if (page != null) {
            page.close();
        }
        PDPage p = new PDPage(PDRectangle.A4);
        doc.addPage(p);
        page = new PDPageContentStream(doc, p);
        y = PDRectangle.A4.getHeight() - MARGIN;
        right = PDRectangle.A4.getWidth() - MARGIN;
    }

    /** Keeps the next {@code width} points on the right free on this page (beside an image). */
    void reserveRight(float width) {
        right = PDRectangle.A4.getWidth() - MARGIN - width;
    }

    /** An image at the top-right corner of the current page, {@code size} points square. */
    void imageTopRight(BufferedImage image, float size) throws IOException {
        PDImageXObject x = LosslessFactory.createFromImage(doc, image);
        page.drawImage(x, PDRectangle.A4.getWidth() - MARGIN - size, PDRectangle.A4.getHeight() - MARGIN - size, size, size);
    }

    void title(String text) throws IOException {
        lines(bold, 18, text, 0);
        y -= 6;
    }

    void heading(String text) throws IOException {
        y -= 8;
        lines(bold, 13, text, 0);
    }

    void paragraph(String text) throws IOException {
        lines(regular, BODY, text, 0);
    }

    void small(String text) throws IOException {
        lines(regular, 9, text, 0);
    }

    void numbered(List<String> items) throws IOException {
        for (int i = 0; i < items.size(); i++) {
            hanging((i + 1) + ".", items.get(i));
        }
    }

    /** Items with an empty box to tick by hand. */
    void checklist(List<String> items) throws IOException {
        for (String item : items) {
            ensure(BODY * LEADING);
            page.addRect(MARGIN + 2, y - BODY + 1, BODY - 2, BODY - 2);
            page.stroke();
            indented(item, 20);
        }
    }

    /** A label and a value, the value on a line to write on when empty. */
    void field(String label, String value) throws IOException {
        lines(bold, BODY, label, 0);
        if (value.isEmpty()) {
            ensure(BODY * LEADING * 1.5f);
            y -= BODY * LEADING * 1.2f;
            page.moveTo(MARGIN + 12, y);
            page.lineTo(right, y);
            page.stroke();
            y -= 4;
        } else {
            lines(regular, BODY, value, 12);
        }
    }

    private void hanging(String mark, String text) throws IOException {
        ensure(BODY * LEADING);
        float top = y;
        text(regular, BODY, MARGIN, y - BODY, mark);
        y = top;
        indented(text, 20);
    }

    private void indented(String text, float indent) throws IOException {
        lines(regular, BODY, text, indent);
    }

    private void lines(PDType0Font font, float size, String text, float indent) throws IOException {
        for (String line : wrap(font, size, text, width() - indent)) {
            ensure(size * LEADING);
            text(font, size, MARGIN + indent, y - size, line);
            y -= size * LEADING;
        }
    }

    private void ensure(float height) throws IOException {
        if (y - height < MARGIN) {
            newPage();
        }
    }

    private void text(PDType0Font font, float size, float x, float baseline, String s) throws IOException {
        page.beginText();
        page.setFont(font, size);
        page.newLineAtOffset(x, baseline);
        page.showText(s);
        page.endText();
    }

    /** Greedy word wrap by the font's real advance widths; a word longer than the line is cut. */
    static List<String> wrap(PDType0Font font, float size, String text, float width) throws IOException {
        List<String> out = new ArrayList<>();
        for (String paragraph : text.split("\n")) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" +")) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (font.getStringWidth(candidate) / 1000 * size <= width) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (line.length() > 0) {
                    out.add(line.toString());
                }
                line.setLength(0);
                while (font.getStringWidth(word) / 1000 * size > width && word.length() > 1) {
                    int cut = word.length() - 1;
                    while (cut > 1 && font.getStringWidth(word.substring(0, cut)) / 1000 * size > width) {
                        cut--;
                    }
                    out.add(word.substring(0, cut));
                    word = word.substring(cut);
                }
                line.append(word);
            }
            out.add(line.toString());
        }
        return out;
    }

    /** Closes the last page and returns the whole PDF. */
    byte[] finish() throws IOException {
        page.close();
        page = null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.save(out);
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        if (page != null) {
            page.close();
        }
        doc.close();
    }
}
