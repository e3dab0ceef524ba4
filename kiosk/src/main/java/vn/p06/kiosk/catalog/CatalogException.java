package vn.p06.kiosk.catalog;

import java.util.Optional;

/** A catalog file that cannot be used, with the service and field at fault when there is one. */
public final class CatalogException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String serviceId;
    private final String field;

    CatalogException(String serviceId, String field, String problem) {
        super(describe(serviceId, field, problem));
        this.serviceId = serviceId;
        this.field = field;
    }

    CatalogException(String problem, Throwable cause) {
        super(problem, cause);
        this.serviceId = null;
        this.field = null;
    }

    private static String describe(String serviceId, String field, String problem) {
        StringBuilder b = new StringBuilder();
        if (serviceId != null) {
            b.append("service '").append(serviceId).append("': ");
        }
        if (field != null) {
            b.append("field '").append(field).append("' ");
        }
        return b.append(problem).toString();
    }

    public Optional<String> serviceId() {
        return Optional.ofNullable(serviceId);
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
