package vn.p06.fleet.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import vn.p06.fleet.http.Permission;

/**
 * Dashboard roles and what each may do. Routes check permissions, never roles, so this table is
 * the only place a role's reach is decided.
 * <p>
 * Trainers get the content permissions only: no {@code FLEET_READ}, so the IT screens (fleet,
 * alerts, commands, analytics) refuse them on the API as well as in the navigation.
 */
public enum Role {
    ADMIN(EnumSet.allOf(Permission.class)),
    IT_STAFF(EnumSet.of(Permission.FLEET_READ, Permission.FLEET_OPERATE, Permission.CONTENT_READ)),
    TRAINER(EnumSet.of(Permission.CONTENT_READ, Permission.CONTENT_WRITE)),
    VIEWER(EnumSet.of(Permission.FLEET_READ, Permission.CONTENT_READ));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    /** {@code admin}, {@code it-staff}, {@code trainer}, {@code viewer}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Role fromWire(String name) {
        return Arrays.stream(values()).filter(role -> role.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("role must be one of admin, it-staff, trainer, "
                        + "viewer: " + name));
    }
}
