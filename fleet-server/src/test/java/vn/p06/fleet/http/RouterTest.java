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
}
