package vn.p06.fleet.auth;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import vn.p06.fleet.http.Authenticator;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Principal;
import vn.p06.fleet.http.Request;

/**
 * Dashboard logins and the session cookie: cookie → session row → user → role → permissions.
 * <p>
 * A mutation (anything but GET/HEAD) authenticated by the cookie must carry the session's CSRF
 * token in {@value #CSRF_HEADER}, else 403: a cross-site form can send the cookie (older browsers
 * ignore SameSite) but cannot read the token. Logins lock for {@link #LOCK_FOR} after
 * {@value #MAX_FAILURES} wrong passwords in a row.
 */
public final class SessionAuthenticator implements Authenticator {
    public static final String COOKIE = "fleet_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final int MAX_FAILURES = 5;
    static final Duration LOCK_FOR = Duration.ofMinutes(15);
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD);

    private final UserStore users;
    private final SessionStore sessions;
    private final Clock clock;

    public SessionAuthenticator(UserStore users, vn.p06.fleet.store.Database database, Clock clock) {
        this.users = users;
        this.sessions = new SessionStore(database);
        this.clock = clock;
    }

    /** The result of a login: the cookie to set and what the page needs to know. */
    public record Login(String setCookie, Me me) {
    }

    /** The logged-in user as the pages see it. */
    public record Me(String username, Role role, String displayName, Set<vn.p06.fleet.http.Permission> permissions,
                     String csrfToken) {
    }

    /**
     * Checks the password (with lockout) and opens a fresh session; any session id the browser
     * presented is ended, never reused.
     */
    public Login login(String username, String password, Optional<String> presentedSession) {
        presentedSession.ifPresent(sessions::delete);
        Instant now = clock.instant();
        Optional<User> user = users.find(username == null ? "" : username);
        if (user.isPresent() && user.get().lockedUntil() != null && user.get().lockedUntil().isAfter(now)) {
            throw new HttpError(HttpResponseStatus.TOO_MANY_REQUESTS,
                    "too many wrong passwords: this account is locked until " + user.get().lockedUntil());
        }
        if (password == null || !users.passwordMatches(username == null ? "" : username, password)) {
            user.ifPresent(u -> users.recordFailure(u.username(), MAX_FAILURES, now.plus(LOCK_FOR)));
            throw new HttpError(HttpResponseStatus.UNAUTHORIZED, "wrong username or password");
        }
        users.recordSuccess(username);
        sessions.deleteExpired(now);
        SessionStore.Created created = sessions.create(username, now);
        User u = user.orElseThrow();
        return new Login(cookie(created.id(), SessionStore.LIFETIME),
                new Me(u.username(), u.role(), u.displayName(), u.role().permissions(), created.csrfToken()));
    }

    /** Ends the presented session; the cookie returned clears it in the browser. */
    public String logout(Request request) {
        sessionId(request).ifPresent(sessions::delete);
        return cookie("", Duration.ZERO);
    }

    /** Ends every session of a user (password or role changed, user deleted). */
    void endSessions(String username) {
        sessions.deleteAll(username);
    }

    /** The logged-in user of a request carrying a live session cookie. */
    public Optional<Me> me(Request request) {
        return session(request).flatMap(session -> users.find(session.username()).map(user ->
                new Me(user.username(), user.role(), user.displayName(), user.role().permissions(),
                        session.csrfToken())));
    }

    @Override
    public Optional<Principal> authenticate(Request request) {
        Optional<SessionStore.Session> session = session(request);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        if (!SAFE.contains(request.method()) && !csrfMatches(request, session.get())) {
            throw new HttpError(HttpResponseStatus.FORBIDDEN, "missing or wrong " + CSRF_HEADER + " header");
        }
        return users.find(session.get().username())
                .map(user -> new Principal(user.username(), user.role().permissions()));
    }

    private static boolean csrfMatches(Request request, SessionStore.Session session) {
        byte[] presented = request.header(CSRF_HEADER).orElse("").getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    private Optional<SessionStore.Session> session(Request request) {
        return sessionId(request).flatMap(id -> sessions.find(id, clock.instant()));
    }

    static Optional<String> sessionId(Request request) {
        return request.header(HttpHeaderNames.COOKIE.toString())
                .flatMap(header -> ServerCookieDecoder.STRICT.decode(header).stream()
                        .filter(cookie -> COOKIE.equals(cookie.name()))
                        .map(Cookie::value)
                        .filter(value -> !value.isEmpty())
                        .findFirst());
    }

    private static String cookie(String value, Duration maxAge) {
        DefaultCookie cookie = new DefaultCookie(COOKIE, value);
        cookie.setHttpOnly(true);
        cookie.setSameSite(CookieHeaderNames.SameSite.Strict);
        cookie.setPath("/");
        cookie.setMaxAge(maxAge.toSeconds());
        return ServerCookieEncoder.STRICT.encode(cookie);
    }
}
