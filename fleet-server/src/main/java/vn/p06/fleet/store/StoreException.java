package vn.p06.fleet.store;

/** A database failure; callers retry or report it, they never lose the data they were storing. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String what, Exception cause) {
        super(what + ": " + cause.getMessage(), cause);
    }
}
