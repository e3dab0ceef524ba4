package vn.p06.fleet.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Router.Handler list = request -> Response.ok("list");
    private final Router.Handler health = request -> Response.ok("health");
    private final Router router = new Router()
            .get("/api/kiosks", list)
            .get("/api/kiosks/{id}/health", health);

    @Test
    void templatesBindTheirParameters() {
        Router.Match match = router.match(HttpMethod.GET, "/api/kiosks/26734-001/health");

        assertThat(match.handler()).isSameAs(health);
        assertThat(match.parameters()).isEqualTo(Map.of("id", "26734-001"));
    }

    @Test
    void anUnknownPathIs404AndAWrongMethod405() {
        assertThatThrownBy(() -> router.match(HttpMethod.GET, "/api/kiosks/26734-001/events"))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(HttpResponseStatus.NOT_FOUND));
        assertThatThrownBy(() -> router.match(HttpMethod.DELETE, "/api/kiosks"))
                .isInstanceOfSatisfying(HttpError.class,
                        e -> assertThat(e.status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED));
    }

    @Test
    void anEmptySegmentDoesNotMatchAParameter() {
        assertThat(router.match(HttpMethod.GET, "/api/kiosks").handler()).isSameAs(list);
        assertThatThrownBy(() -> router.match(HttpMethod.GET, "/api/kiosks//health")).isInstanceOf(HttpError.class);
    }

    @Test
    void guardedRoutesNeedAnAuthenticatedCallerWithThePermission() throws Exception {
        Principal trainer = new Principal("lan", java.util.Set.of(Permission.CONTENT_READ, Permission.CONTENT_WRITE));
        Router guarded = new Router(request -> request.header("X-User").map(user -> trainer))
                .post("/api/content/releases", Permission.CONTENT_WRITE, request -> Response.ok(request.principal().name()))
                .post("/api/kiosks/{id}/commands", Permission.FLEET_OPERATE, request -> Response.ok("sent"));

        Request anonymous = request(new io.netty.handler.codec.http.DefaultHttpHeaders());
        Request asTrainer = request(new io.netty.handler.codec.http.DefaultHttpHeaders().add("X-User", "lan"));
        Router.Handler publish = guarded.match(HttpMethod.POST, "/api/content/releases").handler();
        Router.Handler command = guarded.match(HttpMethod.POST, "/api/kiosks/k-1/commands").handler();

        assertThatThrownBy(() -> publish.handle(anonymous)).isInstanceOfSatisfying(HttpError.class,
                e -> assertThat(e.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED));
        assertThat(publish.handle(asTrainer).bodyText()).isEqualTo("\"lan\"");
        assertThatThrownBy(() -> command.handle(asTrainer)).isInstanceOfSatisfying(HttpError.class,
                e -> assertThat(e.status()).isEqualTo(HttpResponseStatus.FORBIDDEN));
    }

    @Test
    void theAdminTokenIsCheckedAndAWrongOneIsRefusedNotIgnored() {
        BearerTokenAuthenticator tokens = new BearerTokenAuthenticator("right-token-0123456789");
        var good = new io.netty.handler.codec.http.DefaultHttpHeaders().add("Authorization", "Bearer right-token-0123456789");
        var bad = new io.netty.handler.codec.http.DefaultHttpHeaders().add("Authorization", "Bearer wrong-token-0123456789");
        assertThat(tokens.authenticate(request(good))).get().satisfies(p -> assertThat(p.can(Permission.ENROLL)).isTrue());
        assertThat(tokens.authenticate(request(new io.netty.handler.codec.http.DefaultHttpHeaders()))).isEmpty();
        assertThatThrownBy(() -> tokens.authenticate(request(bad))).isInstanceOf(HttpError.class);
    }

    private static Request request(io.netty.handler.codec.http.HttpHeaders headers) {
        return new Request(HttpMethod.POST, "/", Map.of(), Map.of(), headers, new byte[0]);
    }
}
