package vn.p06.provisioning;

/**
 * A call to the fleet server's admin API did not succeed. Two kinds, because the CLI reacts
 * differently: {@link Unreachable} aborts the whole run (exit 3; every further call would fail the
 * same way), {@link Rejected} with an answer from the server may be local to one kiosk.
 */
abstract sealed class FleetException extends Exception
        permits FleetException.Unreachable, FleetException.Rejected {

    private FleetException(String message, Throwable cause) {
        super(message, cause);
    }

    /** No HTTP answer at all: connection refused, unknown host, timeout. */
    static final class Unreachable extends FleetException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The server answered with a status we did not expect; {@code error} is its own text. */
    static final class Rejected extends FleetException {
        private final int status;
        private final String error;

        Rejected(int status, String error) {
            super("HTTP " + status + ": " + error, null);
            this.status = status;
            this.error = error;
        }

        int status() {
            return status;
        }

        String error() {
            return error;
        }

        /** 401/403: the admin token is wrong; no other call will succeed either. */
        boolean isAuthFailure() {
            return status == 401 || status == 403;
        }
    }
}
