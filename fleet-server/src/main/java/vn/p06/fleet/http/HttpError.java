package vn.p06.fleet.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** Thrown by a route to answer with an error status and a message the caller can act on. */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;

    public HttpError(HttpResponseStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public HttpResponseStatus status() {
        return status;
    }
}
