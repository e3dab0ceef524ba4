package vn.p06.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;

/**
 * One simulated kiosk's outbox after some hours offline, and the real kiosk's rules for draining
 * it ({@code OutboxForwarder}, {@code Outbox}): a health sample every 30 s and a visit's five usage
 * events every 5 minutes, in the order they were written; each round takes at most a tenth of the
 * per-second message budget, health samples grouped into {@code health-batch} messages and usage
 * events into batches (at most {@link Body#MAX_EVENTS_PER_BATCH}); a row
 * the broker acknowledged waits for the server's {@code stored} and is sent again if that has not
 * come after {@link #RESEND_AFTER_MILLIS}, twice as long after each further send, at most
 * {@link #MAX_RESEND_AFTER_MILLIS}. Not thread-safe: one kiosk's event loop owns it.
 */
final class KioskBacklog {
    /** As {@code Outbox.RESEND_AFTER} and {@code Outbox.MAX_RESEND_AFTER}. */
    static final long RESEND_AFTER_MILLIS = 30_000;
    static final long MAX_RESEND_AFTER_MILLIS = 600_000;
    static final int HEALTH_EVERY_SECONDS = 30;
    static final int VISIT_EVERY_SECONDS = 300;
    private static final List<String> VISIT = List.of("session.start", "service.viewed", "video.played",
            "session.end", "rating");
    private static final Body.Health HEALTH = new Body.Health(50.0, 0.5, 4, 4_000_000_000L, 2_000_000_000L,
            32_000_000_000L, 20_000_000_000L, 3600, List.of("192.0.2.1"), "Raspbian 12", "17", "bench", Map.of());

    /** One outbox row: a health envelope (kept as written, so a resend has the same id) or an event. */
    static final class Row {
        final Envelope health;
        final Body.UsageEvent event;
        /** 0 = pending; &gt; 0 = acknowledged by the broker at that time; -1 = in a round; -2 = confirmed. */
        long sentAt;
        /** When an acknowledged row is due again, and how often it went out so far. */
        long resendAt;
        int sends;

        Row(Envelope health, Body.UsageEvent event) {
            this.health = health;
            this.event = event;
        }
    }

    /** A message of one round and the rows it carries. */
    record Outgoing(Envelope envelope, List<Row> rows) {
    }

    private final String kioskId;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, List<Row>> awaiting = new HashMap<>();
    private final int perRound;
    private long eventSequence;
    private int confirmed;

    /**
     * @param hours           hours offline (0 = nothing to send)
     * @param messagesPerSecond the kiosk's catch-up budget ({@code OutboxPolicy.maxMessagesPerSecond}, 50)
     */
    KioskBacklog(String kioskId, double hours, int messagesPerSecond, long offlineSinceMillis) {
        this.kioskId = kioskId;
        this.perRound = Math.max(1, messagesPerSecond / 10);
        long healthSequence = 0;
        int seconds = (int) Math.round(hours * 3600);
        for (int at = 0; at < seconds; at += HEALTH_EVERY_SECONDS) {
            long ts = offlineSinceMillis + at * 1000L;
            rows.add(new Row(Envelope.create(kioskId, ts, ++healthSequence, HEALTH), null));
            if (at % VISIT_EVERY_SECONDS == 0) {
                for (String kind : VISIT) {
                    rows.add(new Row(null, new Body.UsageEvent(Envelope.newId(), ts, ++eventSequence, kind,
                            Map.of("service", "residence-temporary"))));
                }
            }
        }
    }

    int records() {
        return rows.size();
    }

    int confirmedRecords() {
        return confirmed;
    }

    boolean caughtUp() {
        return confirmed == rows.size();
    }

    /**
     * The next round's messages, as {@code OutboxForwarder.messages}: two or more due health rows
     * go as one {@code health-batch} (at most {@link Body#MAX_SAMPLES_PER_HEALTH_BATCH}; this
     * kiosk's samples are small, so the count limit is the one that bites), a lone one as it is,
     * then the events in batches; at most the round's budget, the rest waits. Their rows are then
     * in flight.
     */
    List<Outgoing> nextRound(long nowMillis) {
        List<Row> health = new ArrayList<>();
        List<Row> events = new ArrayList<>();
        for (Row row : rows) {
            boolean due = row.sentAt == 0 || (row.sentAt > 0 && nowMillis >= row.resendAt);
            if (due) {
                (row.health != null ? health : events).add(row);
            }
        }
        List<Outgoing> messages = new ArrayList<>();
        if (health.size() == 1) {
            messages.add(new Outgoing(health.get(0).health, List.copyOf(health)));
        } else {
            for (List<Row> group : groups(health, Body.MAX_SAMPLES_PER_HEALTH_BATCH)) {
                List<Body.HealthSample> samples = group.stream()
                        .flatMap(row -> row.health.healthSamples().stream()).toList();
                messages.add(new Outgoing(Envelope.create(kioskId, nowMillis, samples.get(0).seq(),
                        new Body.HealthBatch(samples)), group));
            }
        }
        for (List<Row> group : groups(events, Body.MAX_EVENTS_PER_BATCH)) {
            messages.add(new Outgoing(Envelope.create(kioskId, nowMillis, ++eventSequence,
                    new Body.EventBatch(group.stream().map(row -> row.event).toList())), group));
        }
        List<Outgoing> round = messages.size() <= perRound ? messages : messages.subList(0, perRound);
        for (Outgoing message : round) {
            awaiting.put(message.envelope().id(), message.rows());
            message.rows().forEach(row -> row.sentAt = -1);
        }
        return round;
    }

    private static List<List<Row>> groups(List<Row> rows, int size) {
        List<List<Row>> groups = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += size) {
            groups.add(List.copyOf(rows.subList(from, Math.min(rows.size(), from + size))));
        }
        return groups;
    }

    /** The broker's PUBACK (or its refusal / a lost connection: {@code ok} false, sent again next round). */
    void acknowledged(Outgoing message, boolean ok, long nowMillis) {
        for (Row row : message.rows()) {
            if (row.sentAt == -1 && ok) {
                row.sentAt = nowMillis;
                row.resendAt = nowMillis + Math.min(MAX_RESEND_AFTER_MILLIS, RESEND_AFTER_MILLIS << Math.min(row.sends, 16));
                row.sends++;
            } else if (row.sentAt == -1) {
                row.sentAt = 0;
            }
        }
        if (!ok) {
            awaiting.remove(message.envelope().id());
        }
    }

    /** The server's {@code stored}: those rows are gone for good. @return rows newly confirmed */
    int stored(List<String> messageIds) {
        int newly = 0;
        for (String id : messageIds) {
            List<Row> stored = awaiting.remove(id);
            if (stored == null) {
                continue;
            }
            for (Row row : stored) {
                if (row.sentAt != -2) {
                    row.sentAt = -2;
                    newly++;
                }
            }
        }
        confirmed += newly;
        return newly;
    }

    /** Earliest time a resend could become due, or -1 when nothing waits for a confirmation. */
    long nextResendAt() {
        long earliest = Long.MAX_VALUE;
        for (Row row : rows) {
            if (row.sentAt > 0) {
                earliest = Math.min(earliest, row.resendAt);
            }
        }
        return earliest == Long.MAX_VALUE ? -1 : earliest;
    }

    /** Rows waiting to be sent right now (not in flight, not waiting for a confirmation). */
    boolean hasPending() {
        for (Row row : rows) {
            if (row.sentAt == 0) {
                return true;
            }
        }
        return false;
    }
}
