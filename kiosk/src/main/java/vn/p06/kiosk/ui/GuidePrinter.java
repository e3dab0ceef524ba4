package vn.p06.kiosk.ui;

import vn.p06.kiosk.catalog.Lang;
import vn.p06.kiosk.catalog.Service;

/**
 * Port for "print this guide": the printing work fills it (CUPS or a receipt printer). An
 * implementation throws when the printer cannot take the job (paper out, offline); the screen then
 * tells the resident to ask at the desk.
 */
@FunctionalInterface
public interface GuidePrinter {

    void print(Service service, Lang lang);

    /** Until a printer is wired: logs which guide would have been printed. */
    static GuidePrinter logging() {
        return (service, lang) -> org.slf4j.LoggerFactory.getLogger(GuidePrinter.class)
                .info("no printer wired: guide {} ({}) not printed", service.id(), lang.code());
    }
}
