package vn.p06.fleet.api;

import java.util.Map;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.http.Response;
import vn.p06.fleet.http.Router;
import vn.p06.fleet.metrics.FleetMetrics;

/** {@code /healthz} for load balancers and systemd, {@code /metrics} for Prometheus. */
public final class OpsApi {

    private final FleetMetrics metrics;

    public OpsApi(FleetMetrics metrics) {
        this.metrics = metrics;
    }

    public void register(Router router) {
        router.get("/healthz", this::healthz)
              .get("/metrics", this::metrics);
    }

    private Response healthz(Request request) {
        return Response.ok(Map.of("status", "ok"));
    }

    private Response metrics(Request request) {
        return Response.text(metrics.contentType(), metrics.scrape());
    }
}
