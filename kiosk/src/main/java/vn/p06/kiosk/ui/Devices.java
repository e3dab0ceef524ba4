package vn.p06.kiosk.ui;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import vn.p06.kiosk.print.A4Printer;
import vn.p06.kiosk.print.PdfFonts;
import vn.p06.kiosk.scan.Scanner;
import vn.p06.kiosk.ticket.TicketNumbers;
import vn.p06.kiosk.ticket.TicketPrinter;

/**
 * The peripherals the screens use beyond the guide printer: the A4 printer for prefilled forms,
 * the ticket printer, the scanner. A missing device hides its button (a button that cannot work is
 * worse than none). Device calls block (a print job is followed to its end), so they run on
 * {@code work}, never on the JavaFX thread; one thread keeps two scans from overlapping.
 *
 * @param scanRoot where a visit's scanned pages live until the visit ends
 * @param usbDir   where the resident's USB stick is mounted; empty: no "save to my stick"
 */
public record Devices(Optional<A4Printer> forms, Optional<TicketPrinter> tickets, TicketNumbers numbers,
                      Optional<Scanner> scanner, Path scanRoot, Optional<Path> usbDir, PdfFonts fonts, Executor work) {
    public Devices {
        Objects.requireNonNull(forms);
        Objects.requireNonNull(tickets);
        Objects.requireNonNull(numbers);
        Objects.requireNonNull(scanner);
        Objects.requireNonNull(scanRoot);
        Objects.requireNonNull(usbDir);
        Objects.requireNonNull(fonts);
        Objects.requireNonNull(work);
    }

    /** No peripherals: the screens show none of their buttons. */
    public static Devices none(TicketNumbers numbers, Path scanRoot) {
        return new Devices(Optional.empty(), Optional.empty(), numbers, Optional.empty(), scanRoot, Optional.empty(),
                PdfFonts.noto(), Runnable::run);
    }
}
