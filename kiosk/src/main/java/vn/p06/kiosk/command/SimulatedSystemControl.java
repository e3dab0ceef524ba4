package vn.p06.kiosk.command;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A machine that records what it was asked to do and, when told to, refuses like systemd does when
 * the kiosk user lacks the polkit rule ({@code Access denied}).
 */
public final class SimulatedSystemControl implements SystemControl {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile String failure;

    /** @param reason null to succeed again */
    public void failWith(String reason) {
        this.failure = reason;
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void restartApp() throws IOException {
        act("restart-app");
    }

    @Override
    public void reboot() throws IOException {
        act("reboot");
    }

    private void act(String what) throws IOException {
        if (failure != null) {
            throw new IOException(failure);
        }
        calls.add(what);
    }
}
