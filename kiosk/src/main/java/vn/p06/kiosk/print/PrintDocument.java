package vn.p06.kiosk.print;

import java.util.Arrays;
import java.util.Objects;

/**
 * A PDF on its way to the A4 printer. It lives in memory only, never in a file of ours, because a
 * prefilled form holds the resident's card data: {@link #wipe()} zeroes it once the job is over.
 * Not a record: a record's equals/toString would expose or compare the bytes.
 */
public final class PrintDocument {
    private final String title;
    private final byte[] pdf;

    /** @param title the job name CUPS shows (never personal data: a service id, "form", "guide") */
    public PrintDocument(String title, byte[] pdf) {
        this.title = Objects.requireNonNull(title);
        this.pdf = Objects.requireNonNull(pdf);
    }

    public String title() {
        return title;
    }

    /** The PDF itself (not a copy: the printer streams it, then wipes it). */
    byte[] pdf() {
        return pdf;
    }

    public int size() {
        return pdf.length;
    }

    /** Overwrites the bytes with zeros. */
    public void wipe() {
        Arrays.fill(pdf, (byte) 0);
    }

    @Override
    public String toString() {
        return "PrintDocument[" + title + ", " + pdf.length + " bytes]";
    }
}
