package vn.p06.fleet.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The admin bearer token (provisioning CLI, scripts): {@code Authorization: Bearer <token>} gives
 * every permission. Compared in constant time.
 */
public final class BearerTokenAuthenticator implements Authenticator {
    private static final String PREFIX = "Bearer ";
    private static final Principal ADMIN = new Principal("admin-token", EnumSet.allOf(Permission.class));

    private final byte[] token;

    public BearerTokenAuthenticator(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("admin token must be at least 16 characters");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Optional<Principal> authenticate(Request request) {
        String header = request.header("Authorization").orElse("");
        if (!header.startsWith(PREFIX)) {
            return Optional.empty();
        }
        byte[] presented = header.substring(PREFIX.length()).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, token)) {
            throw new HttpError(io.netty.handler.codec.http.HttpResponseStatus.UNAUTHORIZED,
                    "admin token missing or wrong");
        }
        return Optional.of(ADMIN);
    }
}
