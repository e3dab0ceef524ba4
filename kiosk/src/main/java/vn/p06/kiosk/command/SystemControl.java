package vn.p06.kiosk.command;

/**
 * Port: the machine's service manager. Real: {@link SystemdControl}; tests and simulated kiosks:
 * {@link SimulatedSystemControl}, which can fail like systemd does.
 */
public interface SystemControl {

    /**
     * Ends this process with {@link #RESTART_EXIT_CODE}; the systemd unit restarts the kiosk on it
     * ({@code Restart=on-failure}). Returns only where there is no process to end (the simulator).
     */
    void restartApp() throws Exception;

    /** Asks the machine to reboot; returns once the request is accepted, throws with the reason if not. */
    void reboot() throws Exception;

    /** EX_TEMPFAIL: "try again", which the unit's {@code Restart=on-failure} turns into a restart. */
    int RESTART_EXIT_CODE = 75;
}
