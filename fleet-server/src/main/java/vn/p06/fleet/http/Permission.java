package vn.p06.fleet.http;

/**
 * What a caller may do. Routes name the one permission they need; roles (dashboard users) and
 * the provisioning token map to sets of these, so a route never tests a role by name.
 */
public enum Permission {
    /** See kiosks, health, alerts, usage. */
    FLEET_READ,
    /** Send commands, acknowledge alerts, edit alert rules. */
    FLEET_OPERATE,
    /** See content, playlists, releases and rollouts. */
    CONTENT_READ,
    /** Upload content, edit playlists, publish releases, run rollouts. */
    CONTENT_WRITE,
    /** Enroll and revoke kiosks. */
    ENROLL,
    /** Manage dashboard users; read the audit log. */
    USERS_ADMIN
}
