package vn.p06.kiosk.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import vn.p06.testsupport.MutableClock;

class TicketNumbersTest {
    @Test
    void countsUpAndStartsAgainAtLocalMidnight() {
        // 16:59 UTC = 23:59 in Hà Nội
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T16:59:00Z"));
        TicketNumbers numbers = new TicketNumbers(clock, ZoneId.of("Asia/Ho_Chi_Minh"), "B");
        assertThat(numbers.next()).isEqualTo("B-001");
        assertThat(numbers.next()).isEqualTo("B-002");
        clock.advance(Duration.ofMinutes(2));
        assertThat(numbers.next()).isEqualTo("B-001");
    }

    @Test
    void refusesAPrefixThatIsNotOneLetter() {
        assertThatThrownBy(() -> new TicketNumbers(new MutableClock(Instant.EPOCH),
                ZoneId.of("UTC"), "AB")).hasMessageContaining("AB");
    }
}
