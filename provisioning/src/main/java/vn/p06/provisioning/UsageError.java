package vn.p06.provisioning;

/** The run cannot start as asked (missing token, unreadable CSV, ...): exit code 2, nothing was changed. */
final class UsageError extends Exception {
    UsageError(String message) {
        super(message);
    }
}
