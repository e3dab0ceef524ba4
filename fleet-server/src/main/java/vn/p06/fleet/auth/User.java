package vn.p06.fleet.auth;

import java.time.Instant;

/**
 * A dashboard user as the users API shows it; the password hash never leaves {@link UserStore}.
 *
 * @param lockedUntil set while logins are refused after repeated failures
 */
public record User(String username, Role role, String displayName, Instant createdAt, int failedLogins,
                   Instant lockedUntil) {
}
