package vn.p06.fleet.http;

import java.util.Set;

/**
 * Who made a request, as authentication established it.
 *
 * @param name        user name, or {@code admin-token} for the provisioning bearer token; goes into audit entries
 * @param permissions what this caller may do
 */
public record Principal(String name, Set<Permission> permissions) {

    public Principal {
        permissions = Set.copyOf(permissions);
    }

    public boolean can(Permission permission) {
        return permissions.contains(permission);
    }
}
