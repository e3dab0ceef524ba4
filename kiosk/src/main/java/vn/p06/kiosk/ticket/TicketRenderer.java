package vn.p06.kiosk.ticket;

import com.github.anastaciocintra.escpos.EscPos;
import com.github.anastaciocintra.escpos.EscPosConst;
import com.github.anastaciocintra.escpos.Style;
import com.github.anastaciocintra.escpos.barcode.QRCode;
import com.github.anastaciocintra.escpos.image.BitonalThreshold;
import com.github.anastaciocintra.escpos.image.CoffeeImageImpl;
import com.github.anastaciocintra.escpos.image.EscPosImage;
import com.github.anastaciocintra.escpos.image.RasterBitImageWrapper;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays a ticket out for an ESC/POS printer. Everything with Vietnamese letters goes as a raster
 * image (GS v 0) drawn with Noto Sans: the printers' code pages cannot carry precomposed tone
 * marks (CP1258 loses 9 of 55 letters of a typical sentence, shared/recipes/peripherals.md). The
 * ASCII number stays in the printer's own large font and the QR is the printer's own (GS ( k), so
 * both stay sharp. {@link #preview} draws the same ticket as one picture (docs, screen).
 */
public final class TicketRenderer {
    /** 80 mm paper at 203 dpi. */
    public static final int WIDTH_80MM = 576;
    private static final int QR_MODULE = 6;

    private final Font regular;
    private final Font bold;
    private final int width;

    /** @param width printable dots per line: 576 for 80 mm paper, 384 for 58 mm */
    public TicketRenderer(Path regularFont, Path boldFont, int width) throws IOException {
        this.regular = font(regularFont);
        this.bold = font(boldFont);
        this.width = width;
    }

    private static Font font(Path file) throws IOException {
        try {
            return Font.createFont(Font.TRUETYPE_FONT, file.toFile());
        } catch (FontFormatException e) {
            throw new IOException("not a TrueType font: " + file, e);
        }
    }

    /** The whole ticket as ESC/POS: init, heading image, number, details image, QR, feed, cut. */
    public byte[] escPos(Ticket ticket) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (EscPos escpos = new EscPos(bytes)) {
            escpos.initializePrinter();
            RasterBitImageWrapper raster = new RasterBitImageWrapper();
            raster.setJustification(EscPosConst.Justification.Center);
            escpos.write(raster, image(head(ticket)));
            escpos.writeLF(new Style().setJustification(EscPosConst.Justification.Center).setBold(true)
                    .setFontSize(Style.FontSize._4, Style.FontSize._4), ticket.number());
            escpos.write(raster, image(details(ticket)));
            escpos.write(new QRCode().setSize(QR_MODULE).setJustification(EscPosConst.Justification.Center), ticket.qr());
            escpos.feed(4);
            escpos.cut(EscPos.CutMode.FULL);
        }
        return bytes.toByteArray();
    }

    /** The ticket as it comes out of the printer (the number drawn in Noto Sans instead of the printer's font). */
    public BufferedImage preview(Ticket ticket) {
        BufferedImage head = head(ticket);
        BufferedImage number = block(List.of(new Line(ticket.number(), bold, 96)));
        BufferedImage details = details(ticket);
        BufferedImage qr;
        try {
            qr = MatrixToImageWriter.toBufferedImage(new QRCodeWriter().encode(ticket.qr(), BarcodeFormat.QR_CODE, 200, 200));
        } catch (WriterException e) {
            throw new IllegalArgumentException("QR content too long: " + ticket.qr(), e);
        }
        int margin = 24;
        BufferedImage out = new BufferedImage(width + 2 * margin,
                head.getHeight() + number.getHeight() + details.getHeight() + qr.getHeight() + 3 * margin,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        int y = margin;
        for (BufferedImage part : List.of(head, number, details, qr)) {
            g.drawImage(part, margin + (width - part.getWidth()) / 2, y, null);
            y += part.getHeight();
        }
        g.dispose();
        return out;
    }

    private BufferedImage head(Ticket ticket) {
        return block(List.of(new Line(ticket.heading(), bold, 34)));
    }

    private BufferedImage details(Ticket ticket) {
        return block(List.of(new Line(ticket.service(), bold, 28), new Line(ticket.time(), regular, 24),
                new Line(ticket.footer(), regular, 24)));
    }

    private record Line(String text, Font font, float size) {
    }

    /** Centred, word-wrapped lines; anti-aliasing off, since the printer has only black and white dots. */
    private BufferedImage block(List<Line> lines) {
        Graphics2D measure = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY).createGraphics();
        List<String> texts = new ArrayList<>();
        List<FontMetrics> metrics = new ArrayList<>();
        List<Font> fonts = new ArrayList<>();
        for (Line line : lines) {
            Font f = line.font().deriveFont(line.size());
            FontMetrics fm = measure.getFontMetrics(f);
            for (String wrapped : wrap(line.text(), fm)) {
                texts.add(wrapped);
                metrics.add(fm);
                fonts.add(f);
            }
        }
        measure.dispose();
        int height = metrics.stream().mapToInt(FontMetrics::getHeight).sum() + 8;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        int y = 4;
        for (int i = 0; i < texts.size(); i++) {
            g.setFont(fonts.get(i));
            FontMetrics fm = metrics.get(i);
            g.drawString(texts.get(i), (width - fm.stringWidth(texts.get(i))) / 2, y + fm.getAscent());
            y += fm.getHeight();
        }
        g.dispose();
        return img;
    }

    private List<String> wrap(String text, FontMetrics fm) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" +")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(candidate) > width && line.length() > 0) {
                out.add(line.toString());
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(candidate);
            }
        }
        out.add(line.toString());
        return out;
    }

    private static EscPosImage image(BufferedImage img) {
        return new EscPosImage(new CoffeeImageImpl(img), new BitonalThreshold(127));
    }
}
