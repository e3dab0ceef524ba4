package vn.p06.fleet.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as route handlers see it: immutable, body already aggregated (size-limited).
 *
 * @param principal who is calling; null on public routes, set by the router on guarded ones
 */
public record Request(HttpMethod method, String path, Map<String, String> pathParameters,
                      Map<String, List<String>> query, HttpHeaders headers, byte[] body, Principal principal) {

    public Request(HttpMethod method, String path, Map<String, String> pathParameters,
                   Map<String, List<String>> query, HttpHeaders headers, byte[] body) {
        this(method, path, pathParameters, query, headers, body, null);
    }

    public Request withPrincipal(Principal caller) {
        return new Request(method, path, pathParameters, query, headers, body, caller);
    }

    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return value;
    }

    public Optional<String> queryParameter(String name) {
        List<String> values = query.getOrDefault(name, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }
}
