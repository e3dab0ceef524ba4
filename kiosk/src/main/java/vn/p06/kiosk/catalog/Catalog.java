package vn.p06.kiosk.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A validated, immutable catalog: groups in display order, services in file order. */
public final class Catalog {
    private final String version;
    private final List<ServiceGroup> groups;
    private final Map<String, Service> services;

    Catalog(String version, List<ServiceGroup> groups, List<Service> services) {
        this.version = version;
        this.groups = List.copyOf(groups);
        Map<String, Service> byId = new LinkedHashMap<>();
        services.forEach(s -> byId.put(s.id(), s));
        this.services = byId;
    }

    public String version() {
        return version;
    }

    public List<ServiceGroup> groups() {
        return groups;
    }

    public List<Service> services() {
        return List.copyOf(services.values());
    }

    public Optional<Service> service(String id) {
        return Optional.ofNullable(services.get(id));
    }

    public List<Service> inGroup(String groupId) {
        return services.values().stream().filter(s -> s.group().equals(groupId)).toList();
    }

    public Optional<ServiceGroup> group(String id) {
        return groups.stream().filter(g -> g.id().equals(id)).findFirst();
    }
}
