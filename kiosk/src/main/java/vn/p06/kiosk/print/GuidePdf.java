package vn.p06.kiosk.print;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.IOException;
import java.util.Map;
import vn.p06.kiosk.catalog.Lang;
import vn.p06.kiosk.catalog.Service;
import vn.p06.kiosk.catalog.ServiceText;

/**
 * The printed guide of one service: title, summary, steps online and at the desk, the documents
 * as a checklist to tick by hand, fees, time limit, and a QR code to the portal page. Uncertain
 * catalog text carries the same "not confirmed" note as on screen.
 */
public final class GuidePdf {

    /** The headings, in the resident's language (the UI's bundles supply them). */
    public record Labels(String online, String desk, String documents, String fees, String timeLimit,
                         String portal, String unconfirmed) {
    }

    private GuidePdf() {
    }

    public static PrintDocument render(PdfFonts fonts, Service service, Lang lang, Labels labels) throws IOException {
        ServiceText text = service.text(lang);
        try (PdfWriter pdf = new PdfWriter(fonts)) {
            float qrSize = 110;
            pdf.imageTopRight(MatrixToImageWriter.toBufferedImage(qr(service.portalUrl())), qrSize);
            pdf.reserveRight(qrSize + 12);
            pdf.title(text.title());
            pdf.paragraph(text.summary());
            pdf.small(labels.portal() + " " + service.portalUrl());
            pdf.reserveRight(0);
            section(pdf, service, "stepsOnline", labels.online(), labels);
            pdf.numbered(text.stepsOnline());
            section(pdf, service, "stepsDesk", labels.desk(), labels);
            pdf.numbered(text.stepsDesk());
            section(pdf, service, "documents", labels.documents(), labels);
            pdf.checklist(text.documents());
            section(pdf, service, "fees", labels.fees(), labels);
            pdf.paragraph(text.fees());
            section(pdf, service, "timeLimit", labels.timeLimit(), labels);
            pdf.paragraph(text.timeLimit());
            return new PrintDocument("guide-" + service.id(), pdf.finish());
        }
    }

    private static void section(PdfWriter pdf, Service service, String field, String heading, Labels labels)
            throws IOException {
        pdf.heading(heading);
        if (service.uncertain(field)) {
            pdf.small("(" + labels.unconfirmed() + ")");
        }
    }

    private static com.google.zxing.common.BitMatrix qr(String url) {
        try {
            return new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 330, 330,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 1));
        } catch (WriterException e) {
            throw new IllegalArgumentException("portal URL does not fit a QR code: " + url, e);
        }
    }
}
