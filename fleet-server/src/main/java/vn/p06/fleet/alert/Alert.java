package vn.p06.fleet.alert;

import java.time.Instant;
import java.util.List;

/**
 * An alert as the API and the live events show it (the shared REST contract).
 *
 * @param severity      {@code warning} or {@code critical}
 * @param state         {@code open}, {@code acknowledged} or {@code resolved}
 * @param value         the measured value that crossed the threshold (minutes offline, °C, % free,
 *                      lost messages); null for state rules
 * @param notifications every notification sent for this alert, with its outcome
 */
public record Alert(String id, String kioskId, String commune, String rule, String severity, String state,
                    String detail, Double value, Instant openedAt, Instant acknowledgedAt, String acknowledgedBy,
                    Instant resolvedAt, List<Notification> notifications) {

    public Alert {
        notifications = List.copyOf(notifications);
    }

    boolean active() {
        return !"resolved".equals(state);
    }

    Alert withNotifications(List<Notification> list) {
        return new Alert(id, kioskId, commune, rule, severity, state, detail, value, openedAt, acknowledgedAt,
                acknowledgedBy, resolvedAt, list);
    }

    /**
     * One notification of an alert.
     *
     * @param channel  {@code webhook} or {@code email}
     * @param state    {@code sending} (attempts still to come), {@code sent} or {@code failed}
     * @param error    the last attempt's failure, null once sent
     */
    public record Notification(String channel, String state, int attempts, String error, Instant at) {
    }
}
