package vn.p06.kiosk.ticket;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Queue numbers of the day: {@code A-001}, {@code A-002}, … starting again each morning (in the
 * commune's time zone). One counter per kiosk; thread-safe.
 */
public final class TicketNumbers {
    private final Clock clock;
    private final ZoneId zone;
    private final String prefix;
    private LocalDate day;
    private int last;

    /** @param prefix one letter per kiosk, so two kiosks in a hall never hand out the same number */
    public TicketNumbers(Clock clock, ZoneId zone, String prefix) {
        if (!prefix.matches("[A-Z]")) {
            throw new IllegalArgumentException("ticket prefix must be one letter A-Z: " + prefix);
        }
        this.clock = clock;
        this.zone = zone;
        this.prefix = prefix;
    }

    public synchronized String next() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        if (!today.equals(day)) {
            day = today;
            last = 0;
        }
        last = last % 999 + 1;
        return String.format("%s-%03d", prefix, last);
    }
}
