package vn.p06.kiosk.ui;

import java.io.IOException;
import vn.p06.kiosk.catalog.Lang;
import vn.p06.kiosk.catalog.Service;
import vn.p06.kiosk.print.A4Printer;
import vn.p06.kiosk.print.GuidePdf;
import vn.p06.kiosk.print.PdfFonts;
import vn.p06.kiosk.print.PrintException;
import vn.p06.kiosk.print.PrinterFault;

/**
 * Port for "print this guide": {@link #pdf} lays the guide out and prints it on the A4 printer. An
 * implementation throws when the printer cannot take the job (paper out, offline); the screen then
 * tells the resident to ask at the desk. It blocks until the job is done: call it off the JavaFX thread.
 */
@FunctionalInterface
public interface GuidePrinter {

    void print(Service service, Lang lang) throws PrintException;

    /** The guide as an A4 PDF in the resident's language, printed on {@code printer}. */
    static GuidePrinter pdf(A4Printer printer, PdfFonts fonts) {
        return (service, lang) -> {
            I18n t = new I18n();
            t.lang(lang);
            GuidePdf.Labels labels = new GuidePdf.Labels(t.t("service.online"), t.t("service.desk"),
                    t.t("service.documentsPlain"), t.t("service.fees"), t.t("service.time"), t.t("print.portal"),
                    t.t("service.unverified"));
            try {
                printer.print(GuidePdf.render(fonts, service, lang, labels));
            } catch (IOException e) {
                throw new PrintException(PrinterFault.FAILED, "guide " + service.id() + " not laid out: " + e.getMessage(), e);
            }
        };
    }

    /** Until a printer is wired: logs which guide would have been printed. */
    static GuidePrinter logging() {
        return (service, lang) -> org.slf4j.LoggerFactory.getLogger(GuidePrinter.class)
                .info("no printer wired: guide {} ({}) not printed", service.id(), lang.code());
    }
}
