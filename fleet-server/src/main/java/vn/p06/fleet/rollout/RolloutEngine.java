package vn.p06.fleet.rollout;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.content.Releases;
import vn.p06.fleet.content.StoredRelease;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.Sql;
import vn.p06.protocol.Body;
import vn.p06.protocol.Body.ContentPhase;

/**
 * Staged rollouts of a release to a kiosk group: canary → percentage waves → all.
 * <p>
 * Everything lives in H2 ({@code rollouts}, {@code rollout_kiosks}); {@link #tick()} reads it,
 * takes the kiosks' newest reported states (stored by ingest in {@code reported_states}), and moves
 * each running rollout on: it publishes the desired state of the current wave's kiosks, pauses
 * itself when failed / finished passes the plan's threshold, and opens the next wave when every
 * kiosk of the current one is active or failed. No state is held in memory, so a restarted server
 * continues where it was. The server calls {@code tick()} periodically; tests call it directly.
 */
public final class RolloutEngine {
    private static final Logger log = LoggerFactory.getLogger(RolloutEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final String ROLLOUT_COLUMNS =
            "id, release, group_name, state, current_wave, plan, accepted_failures, reason, created_at, updated_at";

    private final Database database;
    private final KioskGroups groups;
    private final Releases releases;
    private final DesiredStates desired;
    private final Clock clock;

    RolloutEngine(Database database, KioskGroups groups, Releases releases, DesiredStates desired, Clock clock) {
        this.database = database;
        this.groups = groups;
        this.releases = releases;
        this.desired = desired;
        this.clock = clock;
    }

    /** A rollout row without its kiosks. */
    private record Row(long id, String release, String group, Rollout.State state, int currentWave, RolloutPlan plan,
                       int acceptedFailures, String reason, Instant createdAt, Instant updatedAt) {
    }

    public synchronized Rollout start(String release, String group, RolloutPlan plan) {
        StoredRelease target = releases.find(release)
                .orElseThrow(() -> new HttpError(HttpResponseStatus.BAD_REQUEST, "no release " + release));
        List<String> kiosks = groups.resolve(group);
        if (kiosks.isEmpty()) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "group " + group + " has no kiosks");
        }
        rows("state IN ('running', 'paused') AND group_name = ?", group).stream().findFirst().ifPresent(row -> {
            throw new HttpError(HttpResponseStatus.CONFLICT, "rollout " + row.id() + " to group " + group
                    + " is " + row.state().wireName() + "; roll it back or let it complete first");
        });
        int[] waves = plan.assign(kiosks.size());
        Instant now = clock.instant();
        long id = Sql.inTransaction(database, connection -> {
            long created;
            try (var insert = connection.prepareStatement("INSERT INTO rollouts (release, group_name, state, "
                    + "current_wave, plan, created_at, updated_at) VALUES (?, ?, 'running', 0, ?, ?, ?)",
                    java.sql.Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, target.name());
                insert.setString(2, group);
                insert.setString(3, json(plan));
                insert.setTimestamp(4, Timestamp.from(now));
                insert.setTimestamp(5, Timestamp.from(now));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    created = keys.getLong(1);
                }
            }
            try (var insert = connection.prepareStatement("INSERT INTO rollout_kiosks (rollout_id, kiosk_id, wave, "
                    + "previous_release, phase, updated_at) VALUES (?, ?, ?, ?, 'pending', ?)")) {
                for (int i = 0; i < kiosks.size(); i++) {
                    insert.setLong(1, created);
                    insert.setString(2, kiosks.get(i));
                    insert.setInt(3, waves[i]);
                    insert.setString(4, desired.current(kiosks.get(i)));
                    insert.setTimestamp(5, Timestamp.from(now));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return created;
        });
        log.info("rollout {}: release {} to group {} ({} kiosks, plan {})", id, release, group, kiosks.size(), plan);
        step(row(id));
        return view(id);
    }

    /** One round over every rollout that is not over; safe to call at any time, from any thread. */
    public synchronized void tick() {
        for (Row row : rows("state IN ('running', 'paused')")) {
            try {
                refresh(row);
                if (row.state() == Rollout.State.RUNNING) {
                    step(row(row.id()));
                }
            } catch (RuntimeException e) {
                log.error("rollout {}: tick failed, next tick retries", row.id(), e);
            }
        }
    }

    public synchronized Rollout pause(long id) {
        Row row = row(id);
        if (row.state() != Rollout.State.RUNNING) {
            throw new HttpError(HttpResponseStatus.CONFLICT, "rollout " + id + " is " + row.state().wireName());
        }
        setState(id, Rollout.State.PAUSED, "paused by an operator");
        return view(id);
    }

    /** Resuming accepts the failures so far: the threshold then applies to failures after them. */
    public synchronized Rollout resume(long id) {
        Row row = row(id);
        if (row.state() != Rollout.State.PAUSED) {
            throw new HttpError(HttpResponseStatus.CONFLICT, "rollout " + id + " is " + row.state().wireName());
        }
        refresh(row);
        int failed = count(id, "phase = 'failed'");
        Sql.update(database, "UPDATE rollouts SET state = 'running', reason = NULL, accepted_failures = ?, "
                + "updated_at = ? WHERE id = ?", statement -> {
                    statement.setInt(1, failed);
                    statement.setTimestamp(2, Timestamp.from(clock.instant()));
                    statement.setLong(3, id);
                });
        step(row(id));
        return view(id);
    }

    /**
     * Publishes, to every kiosk this rollout told to run its release, the release it was told
     * before (or clears its desired state if it had none). Kiosks a later rollout has since moved
     * on are left alone. If the broker refuses some, the rollout stays as it was: roll back again.
     */
    public synchronized Rollout rollback(long id) {
        Row row = row(id);
        if (row.state() == Rollout.State.ROLLED_BACK) {
            return view(id);
        }
        List<String> failed = new ArrayList<>();
        for (Rollout.KioskProgress kiosk : kiosks(id)) {
            if (kiosk.publishedAt() == null || !row.release().equals(desired.current(kiosk.kioskId()))) {
                continue;
            }
            String previous = kiosk.previousRelease();
            try {
                desired.publish(kiosk.kioskId(), previous,
                        previous == null ? null : releases.find(previous).map(StoredRelease::manifestSha256).orElse(null));
            } catch (MqttException e) {
                failed.add(kiosk.kioskId());
            }
        }
        if (!failed.isEmpty()) {
            throw new HttpError(HttpResponseStatus.SERVICE_UNAVAILABLE, "the broker did not take the rollback for "
                    + failed.size() + " kiosks (" + failed.get(0) + " …); roll back again");
        }
        setState(id, Rollout.State.ROLLED_BACK, "rolled back by an operator");
        log.info("rollout {}: rolled back", id);
        return view(id);
    }

    public Optional<Rollout> find(long id) {
        return rows("id = ?", id).stream().findFirst().map(row -> view(row.id()));
    }

    public List<Rollout> list() {
        return rows("TRUE").stream().map(row -> view(row.id())).toList();
    }

    private void step(Row row) {
        RolloutPlan plan = row.plan();
        int wave = row.currentWave();
        String manifestSha = releases.find(row.release()).orElseThrow().manifestSha256();
        while (true) {
            publishWave(row.id(), row.release(), manifestSha, wave);
            int touched = count(row.id(), "wave <= " + wave);
            int failed = count(row.id(), "wave <= " + wave + " AND phase = 'failed'");
            int finished = count(row.id(), "wave <= " + wave + " AND phase IN ('active', 'failed')");
            int newFailures = failed - row.acceptedFailures();
            int newFinished = finished - row.acceptedFailures();
            if (newFailures > 0 && (double) newFailures / Math.max(1, newFinished) > plan.failureThreshold()) {
                String reason = String.format(java.util.Locale.ROOT, "paused itself: %d of %d finished kiosks failed "
                        + "(threshold %.0f%%)", newFailures, newFinished, plan.failureThreshold() * 100);
                setState(row.id(), Rollout.State.PAUSED, reason);
                log.warn("rollout {}: {}", row.id(), reason);
                return;
            }
            if (finished < touched) {
                return;
            }
            if (wave >= plan.lastWave()) {
                setState(row.id(), Rollout.State.COMPLETED, null);
                log.info("rollout {}: completed", row.id());
                return;
            }
            wave++;
            int next = wave;
            Sql.update(database, "UPDATE rollouts SET current_wave = ?, updated_at = ? WHERE id = ?", statement -> {
                statement.setInt(1, next);
                statement.setTimestamp(2, Timestamp.from(clock.instant()));
                statement.setLong(3, row.id());
            });
            log.info("rollout {}: wave {} opens", row.id(), wave);
        }
    }

    /** Publishes the desired state to the wave's kiosks not yet told; a broker failure is retried next tick. */
    private void publishWave(long id, String release, String manifestSha, int wave) {
        List<String> untold = Sql.query(database, "SELECT kiosk_id FROM rollout_kiosks WHERE rollout_id = ? "
                        + "AND wave <= ? AND published_at IS NULL ORDER BY kiosk_id",
                statement -> {
                    statement.setLong(1, id);
                    statement.setInt(2, wave);
                }, rs -> rs.getString(1));
        for (String kiosk : untold) {
            try {
                desired.publish(kiosk, release, manifestSha);
            } catch (MqttException e) {
                log.warn("rollout {}: desired state to {} not published ({}); next tick retries", id, kiosk, e.toString());
                return;
            }
            Sql.update(database, "UPDATE rollout_kiosks SET published_at = ?, updated_at = ? "
                    + "WHERE rollout_id = ? AND kiosk_id = ?", statement -> {
                        Timestamp now = Timestamp.from(clock.instant());
                        statement.setTimestamp(1, now);
                        statement.setTimestamp(2, now);
                        statement.setLong(3, id);
                        statement.setString(4, kiosk);
                    });
        }
    }

    /** Brings each told kiosk's phase up to its newest report about this rollout's release. */
    private void refresh(Row row) {
        Map<String, Body.ReportedState> newest = new LinkedHashMap<>();
        Sql.query(database, "SELECT r.kiosk_id, r.body FROM reported_states r JOIN rollout_kiosks k "
                        + "ON k.kiosk_id = r.kiosk_id AND k.rollout_id = ? "
                        + "WHERE k.published_at IS NOT NULL AND r.received_at >= k.published_at "
                        + "ORDER BY r.kiosk_ts, r.received_at",
                statement -> statement.setLong(1, row.id()),
                rs -> newest.put(rs.getString(1), parse(rs.getString(2))));
        Instant now = clock.instant();
        newest.forEach((kiosk, state) -> {
            if (state == null) {
                return;
            }
            ContentPhase phase;
            int percent;
            String detail = null;
            if (row.release().equals(state.activeRelease())) {
                phase = ContentPhase.ACTIVE;
                percent = 100;
            } else if (row.release().equals(state.pendingRelease())) {
                phase = state.phase() == null ? ContentPhase.PENDING : state.phase();
                percent = state.downloadPercent();
                detail = phase == ContentPhase.FAILED ? state.detail() : null;
            } else {
                return; // a report about other releases says nothing about this one
            }
            String reason = detail;
            Sql.update(database, "UPDATE rollout_kiosks SET phase = ?, percent = ?, detail = ?, updated_at = ? "
                    + "WHERE rollout_id = ? AND kiosk_id = ? AND (phase <> ? OR percent <> ?)", statement -> {
                        statement.setString(1, phase.wireName());
                        statement.setInt(2, percent);
                        statement.setString(3, reason);
                        statement.setTimestamp(4, Timestamp.from(now));
                        statement.setLong(5, row.id());
                        statement.setString(6, kiosk);
                        statement.setString(7, phase.wireName());
                        statement.setInt(8, percent);
                    });
        });
    }

    private static Body.ReportedState parse(String body) {
        try {
            return JSON.readValue(body, Body.ReportedState.class);
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("unreadable reported state skipped: {}", e.toString());
            return null;
        }
    }

    private Rollout view(long id) {
        Row row = row(id);
        List<Rollout.KioskProgress> kiosks = kiosks(id);
        Map<ContentPhase, Integer> counts = new EnumMap<>(ContentPhase.class);
        for (ContentPhase phase : ContentPhase.values()) {
            counts.put(phase, 0);
        }
        kiosks.forEach(k -> counts.merge(k.phase(), 1, Integer::sum));
        return new Rollout(row.id(), row.release(), row.group(), row.state(), row.currentWave(), row.plan(),
                row.reason(), row.createdAt(), row.updatedAt(), counts, kiosks);
    }

    private List<Rollout.KioskProgress> kiosks(long id) {
        return Sql.query(database, "SELECT kiosk_id, wave, previous_release, published_at, phase, percent, detail, "
                        + "updated_at FROM rollout_kiosks WHERE rollout_id = ? ORDER BY wave, kiosk_id",
                statement -> statement.setLong(1, id),
                rs -> new Rollout.KioskProgress(rs.getString(1), rs.getInt(2), rs.getString(3), instant(rs, 4),
                        ContentPhase.valueOf(rs.getString(5).toUpperCase(java.util.Locale.ROOT)), rs.getInt(6),
                        rs.getString(7), instant(rs, 8)));
    }

    private int count(long id, String condition) {
        return Sql.query(database, "SELECT COUNT(*) FROM rollout_kiosks WHERE rollout_id = ? AND " + condition,
                statement -> statement.setLong(1, id), rs -> rs.getInt(1)).get(0);
    }

    private void setState(long id, Rollout.State state, String reason) {
        Sql.update(database, "UPDATE rollouts SET state = ?, reason = ?, updated_at = ? WHERE id = ?", statement -> {
            statement.setString(1, state.wireName());
            statement.setString(2, reason);
            statement.setTimestamp(3, Timestamp.from(clock.instant()));
            statement.setLong(4, id);
        });
    }

    private Row row(long id) {
        return rows("id = ?", id).stream().findFirst()
                .orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no rollout " + id));
    }

    private List<Row> rows(String condition, Object... parameters) {
        return Sql.query(database, "SELECT " + ROLLOUT_COLUMNS + " FROM rollouts WHERE " + condition + " ORDER BY id",
                statement -> {
                    for (int i = 0; i < parameters.length; i++) {
                        statement.setObject(i + 1, parameters[i]);
                    }
                },
                rs -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3),
                        Rollout.State.valueOf(rs.getString(4).toUpperCase(java.util.Locale.ROOT)), rs.getInt(5),
                        plan(rs.getString(6)), rs.getInt(7), rs.getString(8), instant(rs, 9), instant(rs, 10)));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String json(RolloutPlan plan) {
        try {
            return JSON.writeValueAsString(plan);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RolloutPlan plan(String json) {
        try {
            return JSON.readValue(json, RolloutPlan.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored rollout plan does not read back: " + json, e);
        }
    }
}
