package vn.p06.fleet.http;

import java.util.Optional;

/**
 * Port: who is calling. Implementations: the admin bearer token ({@link BearerTokenAuthenticator})
 * and, with the dashboard, session cookies. An authenticator may also refuse a request it
 * recognises (a mutation without its CSRF token) by throwing {@link HttpError}.
 */
@FunctionalInterface
public interface Authenticator {

    /** Empty when this authenticator does not recognise the request's credentials. */
    Optional<Principal> authenticate(Request request);

    /** The first authenticator that recognises the request wins. */
    static Authenticator firstOf(Authenticator... chain) {
        return request -> {
            for (Authenticator authenticator : chain) {
                Optional<Principal> principal = authenticator.authenticate(request);
                if (principal.isPresent()) {
                    return principal;
                }
            }
            return Optional.empty();
        };
    }
}
