package vn.p06.fleet.auth;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import vn.p06.fleet.audit.AuditLog;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Permission;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.http.Response;
import vn.p06.fleet.http.Router;

/**
 * Login, logout, "who am I", user management (admin) and the audit log (admin).
 * Every change to users is audited; logins too (successes and failures), without the password.
 */
public final class AuthApi {
    private static final int MAX_AUDIT = 1000;

    private final SessionAuthenticator sessions;
    private final UserStore users;
    private final JdbcAuditLog audit;
    private final Clock clock;

    public AuthApi(SessionAuthenticator sessions, UserStore users, JdbcAuditLog audit, Clock clock) {
        this.sessions = sessions;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    record Credentials(String username, String password) {
    }

    record UserChange(String role, String displayName, String password) {
    }

    public void register(Router router) {
        router.post("/api/login", this::login)
              .post("/api/logout", this::logout)
              .get("/api/me", this::me)
              .get("/api/users", Permission.USERS_ADMIN, request -> Response.ok(users.list()))
              .put("/api/users/{username}", Permission.USERS_ADMIN, this::putUser)
              .delete("/api/users/{username}", Permission.USERS_ADMIN, this::deleteUser)
              .get("/api/audit", Permission.USERS_ADMIN, this::auditEntries);
    }

    /**
     * Only a JSON body is accepted: a cross-site HTML form cannot send {@code application/json}
     * without a CORS preflight this server never grants, so no other site can log a browser in
     * to an account of its choosing (login CSRF).
     */
    private Response login(Request request) {
        if (!request.header("Content-Type").orElse("").startsWith("application/json")) {
            throw new HttpError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "send the login as application/json");
        }
        Credentials credentials = Response.readJson(request.body(), Credentials.class);
        String username = credentials.username() == null ? "" : credentials.username().strip();
        try {
            SessionAuthenticator.Login login = sessions.login(username, credentials.password(),
                    SessionAuthenticator.sessionId(request));
            audit.record(username, "user.login", username, null);
            return Response.ok(login.me()).withHeader("Set-Cookie", login.setCookie());
        } catch (HttpError e) {
            audit.record(shortName(username), "user.login-failed", shortName(username), e.getMessage());
            throw e;
        }
    }

    /** A logout is a mutation: with a live session it needs the CSRF token like any other. */
    private Response logout(Request request) {
        sessions.authenticate(request).ifPresent(principal -> audit.record(principal.name(), "user.logout",
                principal.name(), null));
        return Response.ok(java.util.Map.of("loggedOut", true)).withHeader("Set-Cookie", sessions.logout(request));
    }

    private Response me(Request request) {
        return sessions.me(request).map(Response::ok)
                .orElseThrow(() -> new HttpError(HttpResponseStatus.UNAUTHORIZED, "log in first"));
    }

    private Response putUser(Request request) {
        String username = request.pathParameter("username");
        UserChange change = Response.readJson(request.body(), UserChange.class);
        if (change.role() == null) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "role: required (admin, it-staff, trainer, viewer)");
        }
        Role role = Role.fromWire(change.role());
        if (username.equals(request.principal().name()) && role != Role.ADMIN) {
            throw new HttpError(HttpResponseStatus.CONFLICT, "an admin cannot take away their own admin role");
        }
        boolean created = users.upsert(username, role, change.displayName(), change.password(), clock.instant());
        if (!created) {
            // A new role or password takes effect now, not at the old session's expiry.
            sessions.endSessions(username);
        }
        audit.record(request.principal().name(), created ? "user.created" : "user.changed", username,
                "role=" + role.wireName() + (change.password() != null ? ", password set" : ""));
        return Response.json(created ? HttpResponseStatus.CREATED : HttpResponseStatus.OK,
                users.find(username).orElseThrow());
    }

    private Response deleteUser(Request request) {
        String username = request.pathParameter("username");
        if (username.equals(request.principal().name())) {
            throw new HttpError(HttpResponseStatus.CONFLICT, "an admin cannot delete themselves");
        }
        if (!users.delete(username)) {
            throw new HttpError(HttpResponseStatus.NOT_FOUND, "no user " + username);
        }
        audit.record(request.principal().name(), "user.deleted", username, null);
        return Response.ok(java.util.Map.of("deleted", username));
    }

    private Response auditEntries(Request request) {
        int limit = request.queryParameter("limit").map(Integer::parseInt).orElse(200);
        if (limit < 1 || limit > MAX_AUDIT) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "limit: 1 to " + MAX_AUDIT);
        }
        return Response.ok(audit.recent(limit));
    }

    /** Failed logins may carry any text as a name: keep the audit entry short. */
    private static String shortName(String username) {
        return username.length() > 64 ? username.substring(0, 64) : username;
    }
}
