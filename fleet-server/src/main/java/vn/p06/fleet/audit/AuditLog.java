package vn.p06.fleet.audit;

/**
 * Port: every mutation a person or token makes (enroll, revoke, command, alert acknowledgement,
 * rule change, upload, release, rollout step, user change) leaves one entry. The H2/PostgreSQL
 * adapter comes with the dashboard's users; the audit screen reads it.
 */
@FunctionalInterface
public interface AuditLog {

    /**
     * @param actor  the principal's name ({@code admin-token} for the bearer token)
     * @param action a dotted verb, e.g. {@code command.sent}, {@code alert.acknowledged}
     * @param target what it acted on, e.g. a kiosk id or {@code release:2026.11.23-1}
     * @param detail short free text without personal data; may be null
     */
    void record(String actor, String action, String target, String detail);
}
