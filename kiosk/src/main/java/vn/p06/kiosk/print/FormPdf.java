package vn.p06.kiosk.print;

import java.io.IOException;
import java.util.Map;

/**
 * A service form prefilled from the resident's card: each field with its value, or a line to
 * write on where the card holds nothing. The result holds personal data: it lives only in the
 * returned {@link PrintDocument}, which the printer wipes after the job; nothing here logs it.
 */
public final class FormPdf {
    private FormPdf() {
    }

    /**
     * @param title  the form's heading (the service)
     * @param fields label → value in print order; an empty value prints a line to write on
     * @param note   printed under the fields (e.g. which values came from the card)
     */
    public static PrintDocument render(PdfFonts fonts, String title, Map<String, String> fields, String note)
            throws IOException {
        try (PdfWriter pdf = new PdfWriter(fonts)) {
            pdf.title(title);
            for (Map.Entry<String, String> field : fields.entrySet()) {
                pdf.field(field.getKey(), field.getValue());
            }
            pdf.heading("");
            pdf.small(note);
            // Job name says only "form": CUPS keeps job names in its logs and job history.
            return new PrintDocument("form", pdf.finish());
        }
    }
}
