package vn.p06.fleet.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The route table: method + path template ({@code /api/kiosks/{id}/health}) → handler.
 * Read it in one screen in the server's wiring; no if-chains in handlers.
 * <p>
 * A route registered with a {@link Permission} is guarded: the request must authenticate (else
 * 401) and its principal must hold the permission (else 403) before the handler runs, and the
 * handler sees the principal in {@link Request#principal()}. Routes without one are public
 * (health checks, metrics, signed content).
 */
public final class Router {

    /** A route handler: may block (it runs off the network threads) and may throw {@link HttpError}. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws Exception;
    }

    private record Route(HttpMethod method, String[] segments, Handler handler) {
    }

    /** A matched route with the values of its path parameters. */
    record Match(Handler handler, Map<String, String> parameters) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Authenticator authenticator;

    /** A router whose guarded routes refuse everybody: for servers with public routes only. */
    public Router() {
        this(request -> Optional.empty());
    }

    public Router(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    public Router get(String template, Permission permission, Handler handler) {
        return get(template, guarded(permission, handler));
    }

    public Router put(String template, Permission permission, Handler handler) {
        return put(template, guarded(permission, handler));
    }

    public Router post(String template, Permission permission, Handler handler) {
        return post(template, guarded(permission, handler));
    }

    public Router delete(String template, Permission permission, Handler handler) {
        return add(HttpMethod.DELETE, template, guarded(permission, handler));
    }

    public Router add(HttpMethod method, String template, Permission permission, Handler handler) {
        return add(method, template, guarded(permission, handler));
    }

    private Handler guarded(Permission permission, Handler handler) {
        return request -> {
            Principal principal = authenticator.authenticate(request)
                    .orElseThrow(() -> new HttpError(HttpResponseStatus.UNAUTHORIZED, "log in first"));
            if (!principal.can(permission)) {
                throw new HttpError(HttpResponseStatus.FORBIDDEN,
                        principal.name() + " may not do this (needs " + permission + ")");
            }
            return handler.handle(request.withPrincipal(principal));
        };
    }

    public Router get(String template, Handler handler) {
        return add(HttpMethod.GET, template, handler);
    }

    public Router put(String template, Handler handler) {
        return add(HttpMethod.PUT, template, handler);
    }

    public Router post(String template, Handler handler) {
        return add(HttpMethod.POST, template, handler);
    }

    public Router add(HttpMethod method, String template, Handler handler) {
        routes.add(new Route(method, split(template), handler));
        return this;
    }

    /** The handler for a request, or an {@link HttpError} 404 / 405. */
    Match match(HttpMethod method, String path) {
        String[] segments = split(path);
        boolean pathKnown = false;
        for (Route route : routes) {
            Optional<Map<String, String>> parameters = bind(route.segments(), segments);
            if (parameters.isPresent()) {
                pathKnown = true;
                if (route.method().equals(method)) {
                    return new Match(route.handler(), parameters.get());
                }
            }
        }
        throw pathKnown
                ? new HttpError(HttpResponseStatus.METHOD_NOT_ALLOWED, method + " is not allowed on " + path)
                : new HttpError(HttpResponseStatus.NOT_FOUND, "no such resource: " + path);
    }

    private static Optional<Map<String, String>> bind(String[] template, String[] path) {
        if (template.length != path.length) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String part = template[i];
            if (part.startsWith("{") && part.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(part.substring(1, part.length() - 1), path[i]);
            } else if (!part.equals(path[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
