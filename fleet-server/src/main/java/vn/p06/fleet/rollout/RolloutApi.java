package vn.p06.fleet.rollout;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Permission;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.http.Response;
import vn.p06.fleet.http.Router;

/** Groups, kiosk tags and rollouts over REST (docs/CONTENT.md). */
final class RolloutApi {
    private final KioskGroups groups;
    private final RolloutEngine engine;

    RolloutApi(KioskGroups groups, RolloutEngine engine) {
        this.groups = groups;
        this.engine = engine;
    }

    void register(Router router) {
        router.get("/api/content/groups", Permission.CONTENT_READ, request -> Response.ok(groups.list()))
              .get("/api/content/groups/{name}", Permission.CONTENT_READ, this::group)
              .put("/api/content/groups/{name}", Permission.CONTENT_WRITE, this::putGroup)
              .get("/api/content/kiosks/{id}/tags", Permission.CONTENT_READ,
                      request -> Response.ok(groups.tags(request.pathParameter("id"))))
              .put("/api/content/kiosks/{id}/tags", Permission.CONTENT_WRITE, this::setTags)
              .get("/api/content/rollouts", Permission.CONTENT_READ, request -> Response.ok(engine.list()))
              .post("/api/content/rollouts", Permission.CONTENT_WRITE, this::start)
              .get("/api/content/rollouts/{id}", Permission.CONTENT_READ, this::rollout)
              .post("/api/content/rollouts/{id}/pause", Permission.CONTENT_WRITE,
                      request -> Response.ok(engine.pause(id(request))))
              .post("/api/content/rollouts/{id}/resume", Permission.CONTENT_WRITE,
                      request -> Response.ok(engine.resume(id(request))))
              .post("/api/content/rollouts/{id}/rollback", Permission.CONTENT_WRITE,
                      request -> Response.ok(engine.rollback(id(request))));
    }

    /** The body names one selector; the path names the group. */
    record GroupBody(List<String> communes, String communePrefix, String tag) {
    }

    private Response putGroup(Request request) {
        GroupBody body = Response.readJson(request.body(), GroupBody.class);
        KioskGroups.Group group = new KioskGroups.Group(request.pathParameter("name"), body.communes(),
                body.communePrefix(), body.tag());
        groups.put(group);
        return Response.ok(group);
    }

    private Response group(Request request) {
        String name = request.pathParameter("name");
        KioskGroups.Group group = groups.find(name)
                .orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no group " + name));
        return Response.ok(Map.of("group", group, "kiosks", groups.resolve(name)));
    }

    private Response setTags(Request request) {
        String[] tags = Response.readJson(request.body(), String[].class);
        groups.setTags(request.pathParameter("id"), Arrays.asList(tags));
        return Response.ok(groups.tags(request.pathParameter("id")));
    }

    /** Unset plan fields take {@link RolloutPlan#DEFAULT}'s. */
    record StartBody(String release, String group, Integer canary, List<Integer> waves, Double failureThreshold) {
    }

    private Response start(Request request) {
        StartBody body = Response.readJson(request.body(), StartBody.class);
        if (body.release() == null || body.group() == null) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "release and group are required");
        }
        RolloutPlan defaults = RolloutPlan.DEFAULT;
        RolloutPlan plan = new RolloutPlan(body.canary() == null ? defaults.canary() : body.canary(),
                body.waves() == null ? defaults.waves() : body.waves(),
                body.failureThreshold() == null ? defaults.failureThreshold() : body.failureThreshold());
        Rollout rollout = engine.start(body.release(), body.group(), plan);
        return Response.json(HttpResponseStatus.CREATED, rollout)
                .withHeader("Location", "/api/content/rollouts/" + rollout.id());
    }

    private Response rollout(Request request) {
        long id = id(request);
        return Response.ok(engine.find(id).orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND,
                "no rollout " + id)));
    }

    private static long id(Request request) {
        try {
            return Long.parseLong(request.pathParameter("id"));
        } catch (NumberFormatException e) {
            throw new HttpError(HttpResponseStatus.NOT_FOUND, "no rollout " + request.pathParameter("id"));
        }
    }
}
