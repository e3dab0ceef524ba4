package vn.p06.fleet.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.Sql;
import vn.p06.protocol.Envelope;

/** Rules, alerts, their notifications and the notification settings in the fleet database. */
final class AlertStore {
    private static final String ALERT_COLUMNS = "id, kiosk_id, commune, rule, severity, state, detail, measured, "
            + "opened_at, acknowledged_at, acknowledged_by, resolved_at";

    private final Database database;

    AlertStore(Database database) {
        this.database = database;
    }

    List<RuleSettings> rules() {
        return Sql.query(database, "SELECT rule, enabled, threshold, for_seconds, severity FROM alert_rules",
                        statement -> { }, rs -> {
                            // a row of a rule this version does not know (a newer server wrote it) is skipped
                            Optional<Rule> rule = Rule.fromWireName(rs.getString(1));
                            return rule.isEmpty() ? null
                                    : RuleSettings.of(rule.get(), rs.getBoolean(2), rs.getDouble(3), rs.getInt(4),
                                            rs.getString(5));
                        }).stream()
                .filter(java.util.Objects::nonNull)
                .sorted(java.util.Comparator.comparing(RuleSettings::kind))
                .toList();
    }

    void updateRule(Rule rule, boolean enabled, double threshold, int forSeconds, String severity) {
        Sql.update(database, "UPDATE alert_rules SET enabled = ?, threshold = ?, for_seconds = ?, severity = ? "
                + "WHERE rule = ?", statement -> {
                    statement.setBoolean(1, enabled);
                    statement.setDouble(2, threshold);
                    statement.setInt(3, forSeconds);
                    statement.setString(4, severity);
                    statement.setString(5, rule.wireName());
                });
    }

    /** Open and acknowledged alerts, by kiosk and rule. */
    Map<Key, Alert> active() {
        return listWhere("state IN ('open', 'acknowledged')", statement -> { }).stream()
                .collect(Collectors.toMap(alert -> new Key(alert.kioskId(), alert.rule()), alert -> alert,
                        (a, b) -> a, LinkedHashMap::new));
    }

    /** The newest alert of this kiosk and rule resolved at or after {@code since}: the cool-down's candidate. */
    Optional<Alert> resolvedSince(Key key, Instant since) {
        return listWhere("kiosk_id = ? AND rule = ? AND state = 'resolved' AND resolved_at >= ?", statement -> {
            statement.setString(1, key.kioskId());
            statement.setString(2, key.rule());
            statement.setTimestamp(3, Timestamp.from(since));
        }).stream().findFirst();
    }

    Alert open(Key key, String commune, String severity, String detail, Double value, Instant now) {
        String id = Envelope.newId();
        Sql.update(database, "INSERT INTO alerts (id, kiosk_id, commune, rule, severity, state, detail, measured, "
                + "opened_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?)", statement -> {
                    statement.setString(1, id);
                    statement.setString(2, key.kioskId());
                    statement.setString(3, commune);
                    statement.setString(4, key.rule());
                    statement.setString(5, severity);
                    statement.setString(6, detail);
                    statement.setObject(7, value);
                    statement.setTimestamp(8, Timestamp.from(now));
                });
        return find(id).orElseThrow();
    }

    /** The condition came back within the cool-down: the same alert is open again. */
    void reopen(String id, String detail, Double value) {
        Sql.update(database, "UPDATE alerts SET state = 'open', resolved_at = NULL, resolved_by = NULL, "
                + "acknowledged_at = NULL, acknowledged_by = NULL, detail = ?, measured = ?, reopened = reopened + 1 "
                + "WHERE id = ?", statement -> {
                    statement.setString(1, detail);
                    statement.setObject(2, value);
                    statement.setString(3, id);
                });
    }

    /** @return whether the stored detail or value changed */
    boolean refresh(Alert alert, String detail, Double value) {
        if (java.util.Objects.equals(alert.detail(), detail) && java.util.Objects.equals(alert.value(), value)) {
            return false;
        }
        Sql.update(database, "UPDATE alerts SET detail = ?, measured = ? WHERE id = ?", statement -> {
            statement.setString(1, detail);
            statement.setObject(2, value);
            statement.setString(3, alert.id());
        });
        return true;
    }

    /** @return false when the alert is not in one of {@code from} (already moved on) */
    boolean transition(String id, Set<String> from, String to, Instant at, String by) {
        String columns = "acknowledged".equals(to) ? "acknowledged_at = ?, acknowledged_by = ?"
                : "resolved_at = ?, resolved_by = ?";
        String states = from.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
        return Sql.update(database, "UPDATE alerts SET state = ?, " + columns + " WHERE id = ? AND state IN ("
                + states + ")", statement -> {
                    statement.setString(1, to);
                    statement.setTimestamp(2, Timestamp.from(at));
                    statement.setString(3, by);
                    statement.setString(4, id);
                }) == 1;
    }

    Optional<Alert> find(String id) {
        return listWhere("id = ?", statement -> statement.setString(1, id)).stream().findFirst();
    }

    /** Newest first. */
    List<Alert> list(Set<String> states, Optional<String> kioskId) {
        List<String> ordered = List.copyOf(states);
        String placeholders = ordered.stream().map(s -> "?").collect(Collectors.joining(", "));
        return listWhere("state IN (" + placeholders + ")" + (kioskId.isPresent() ? " AND kiosk_id = ?" : ""),
                statement -> {
                    for (int i = 0; i < ordered.size(); i++) {
                        statement.setString(i + 1, ordered.get(i));
                    }
                    if (kioskId.isPresent()) {
                        statement.setString(ordered.size() + 1, kioskId.get());
                    }
                });
    }

    private List<Alert> listWhere(String where, Sql.Binder binder) {
        List<Alert> alerts = Sql.query(database, "SELECT " + ALERT_COLUMNS + " FROM alerts WHERE " + where
                + " ORDER BY opened_at DESC, id DESC LIMIT 1000", binder, AlertStore::alert);
        if (alerts.isEmpty()) {
            return alerts;
        }
        Map<String, List<Alert.Notification>> notifications = notifications(alerts.stream().map(Alert::id).toList());
        List<Alert> withNotifications = new ArrayList<>(alerts.size());
        for (Alert alert : alerts) {
            withNotifications.add(alert.withNotifications(notifications.getOrDefault(alert.id(), List.of())));
        }
        return withNotifications;
    }

    private Map<String, List<Alert.Notification>> notifications(List<String> alertIds) {
        String placeholders = alertIds.stream().map(id -> "?").collect(Collectors.joining(", "));
        Map<String, List<Alert.Notification>> byAlert = new LinkedHashMap<>();
        Sql.query(database, "SELECT alert_id, channel, state, attempts, error, attempted_at FROM alert_notifications "
                + "WHERE alert_id IN (" + placeholders + ") ORDER BY id", statement -> {
                    for (int i = 0; i < alertIds.size(); i++) {
                        statement.setString(i + 1, alertIds.get(i));
                    }
                }, rs -> {
                    byAlert.computeIfAbsent(rs.getString(1), id -> new ArrayList<>()).add(new Alert.Notification(
                            rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), instant(rs, "attempted_at")));
                    return null;
                });
        return byAlert;
    }

    long addNotification(String alertId, String channel, Instant at) {
        return Sql.inTransaction(database, connection -> {
            try (var insert = connection.prepareStatement("INSERT INTO alert_notifications (alert_id, channel, state, "
                    + "attempts, attempted_at) VALUES (?, ?, 'sending', 0, ?)", java.sql.Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, alertId);
                insert.setString(2, channel);
                insert.setTimestamp(3, Timestamp.from(at));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    void notificationAttempt(long notificationId, String state, int attempts, String error, Instant at) {
        Sql.update(database, "UPDATE alert_notifications SET state = ?, attempts = ?, error = ?, attempted_at = ? WHERE id = ?",
                statement -> {
                    statement.setString(1, state);
                    statement.setInt(2, attempts);
                    statement.setString(3, error == null || error.length() <= 500 ? error : error.substring(0, 500));
                    statement.setTimestamp(4, Timestamp.from(at));
                    statement.setLong(5, notificationId);
                });
    }

    NotificationSettings settings() {
        return Sql.query(database, "SELECT webhook_url, smtp_host, smtp_port, smtp_from, smtp_username, "
                        + "smtp_password, email_to FROM notification_settings WHERE id = 1", statement -> { },
                rs -> new NotificationSettings(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7))).get(0);
    }

    void saveSettings(NotificationSettings settings) {
        Sql.update(database, "UPDATE notification_settings SET webhook_url = ?, smtp_host = ?, smtp_port = ?, "
                + "smtp_from = ?, smtp_username = ?, smtp_password = ?, email_to = ? WHERE id = 1", statement -> {
                    statement.setString(1, settings.webhookUrl());
                    statement.setString(2, settings.smtpHost());
                    statement.setObject(3, settings.smtpPort());
                    statement.setString(4, settings.smtpFrom());
                    statement.setString(5, settings.smtpUsername());
                    statement.setString(6, settings.smtpPassword());
                    statement.setString(7, settings.emailTo());
                });
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        double value = rs.getDouble("measured");
        return new Alert(rs.getString("id"), rs.getString("kiosk_id"), rs.getString("commune"), rs.getString("rule"),
                rs.getString("severity"), rs.getString("state"), rs.getString("detail"),
                rs.wasNull() ? null : value, instant(rs, "opened_at"), instant(rs, "acknowledged_at"),
                rs.getString("acknowledged_by"), instant(rs, "resolved_at"), List.of());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** An alert's identity across episodes: one kiosk, one rule. */
    record Key(String kioskId, String rule) {
    }
}
