package vn.p06.kiosk.ticket;

import java.util.Objects;

/**
 * One queue ticket (or receipt) as printed, every text already in the resident's language.
 *
 * @param heading above the number, e.g. "SỐ THỨ TỰ"
 * @param number  the queue number, ASCII (e.g. {@code A-042}): printed large in the printer's own font
 * @param service the service the resident queues for
 * @param time    when it was taken, formatted
 * @param footer  e.g. "Xin mời chờ gọi số"
 * @param qr      what the QR code holds (the service's portal page), ASCII
 */
public record Ticket(String heading, String number, String service, String time, String footer, String qr) {
    public Ticket {
        Objects.requireNonNull(heading);
        Objects.requireNonNull(service);
        Objects.requireNonNull(time);
        Objects.requireNonNull(footer);
        if (number == null || !number.matches("[A-Z0-9-]{1,12}")) {
            throw new IllegalArgumentException("ticket number must be 1-12 of A-Z, 0-9, '-': " + number);
        }
        if (qr == null || qr.isEmpty() || !qr.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("QR content must be printable ASCII: " + qr);
        }
    }
}
