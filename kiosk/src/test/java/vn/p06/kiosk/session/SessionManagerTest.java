package vn.p06.kiosk.session;

import org.junit.jupiter.api.Test;
import vn.p06.testsupport.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SessionManagerTest {
    record Event(String kind, Map<String, String> attributes) {
    }


    final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    final List<Event> events = new ArrayList<>();
    final SessionManager session = new SessionManager(clock, (k, a) -> events.add(new Event(k, a)),
            Duration.ofSeconds(90), Duration.ofSeconds(20));

    @Test
    void touchStartsOnceAndInactivityEndsWithCountdownAndWipe() {
        List<SessionManager.EndReason> ended = new ArrayList<>();
        session.onEnd(ended::add);
        session.touch();
        session.touch();
        session.data().searchText("tạm trú");
        session.data().tick("passport", 1, true);
        assertThat(events).extracting(Event::kind).containsExactly("session.start");

        clock.advance(Duration.ofSeconds(69));
        session.tick();
        assertThat(session.countdown()).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(session.countdown()).contains(Duration.ofSeconds(19));

        session.touch(); // a touch resets the countdown
        assertThat(session.countdown()).isEmpty();
        clock.advance(Duration.ofSeconds(89));
        session.tick();
        assertThat(session.active()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        session.tick();

        assertThat(session.active()).isFalse();
        assertThat(ended).containsExactly(SessionManager.EndReason.TIMEOUT);
        assertThat(session.data().isEmpty()).isTrue();
        assertThat(session.data().isTicked("passport", 1)).isFalse();
        assertThat(events).last().isEqualTo(new Event("session.end", Map.of("reason", "timeout", "seconds", "161")));
    }

    @Test
    void eventsCarryNoTypedText() {
        session.touch();
        session.data().searchText("Nguyễn Văn A 001234567890");
        session.searched(3);
        session.serviceViewed("passport");
        session.videoPlayed("passport", 42, "played");
        session.rated(5);
        session.end(SessionManager.EndReason.DONE);

        assertThat(events).extracting(Event::kind).containsExactly("session.start", "search", "service.viewed",
                "video.played", "rating", "session.end");
        assertThat(events.get(1).attributes()).isEqualTo(Map.of("results", "3"));
        assertThat(events.get(3).attributes()).containsEntry("seconds", "42");
        assertThat(events.get(4).attributes()).isEqualTo(Map.of("value", "5"));
        assertThat(events.toString()).doesNotContain("Nguyễn", "001234567890");
    }

    @Test
    void peripheralEventsCarryOnlyIdsCountsAndOutcomes() {
        session.ticketPrinted("passport", true);
        session.formPrinted("passport", false);
        session.scanDone(2, true);
        session.staffCalled("button");
        assertThat(events).containsExactly(
                new Event("ticket.printed", Map.of("service", "passport", "outcome", "ok")),
                new Event("form.printed", Map.of("service", "passport", "outcome", "failed")),
                new Event("scan.done", Map.of("pages", "2", "saved", "true")),
                new Event("staff.called", Map.of("source", "button")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.scanDone(-1, false))
                .hasMessage("pages must not be negative, got -1");
    }

    @Test
    void endingListenersRunBeforeTheEndEventAndAFailingRecorderIsHarmless() {
        List<String> order = new ArrayList<>();
        SessionManager s = new SessionManager(clock, (k, a) -> {
            order.add(k);
            throw new IllegalStateException("outbox full");
        }, Duration.ofSeconds(90), Duration.ofSeconds(20));
        s.onEnding(() -> order.add("ending"));
        s.touch();
        s.end(SessionManager.EndReason.DONE);
        assertThat(order).containsExactly("session.start", "ending", "session.end");
        assertThat(s.active()).isFalse();
    }

    @Test
    void aPrefilledFormIsRecordedAsServiceAndCountOnly() {
        session.touch();
        session.formPrefilled("residence-temporary", 14);
        assertThat(events).last().isEqualTo(new Event("form.prefilled",
                Map.of("service", "residence-temporary", "fields", "14")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.formPrefilled("passport", -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
