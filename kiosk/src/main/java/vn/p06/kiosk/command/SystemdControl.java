package vn.p06.kiosk.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The real machine: {@code systemctl reboot}, and an exit code the kiosk's systemd unit restarts on. */
public final class SystemdControl implements SystemControl {

    @Override
    public void restartApp() {
        // The accepted ack is already committed to the outbox (durable); shutdown hooks close it cleanly.
        System.exit(RESTART_EXIT_CODE);
    }

    @Override
    public void reboot() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("systemctl", "reboot").redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("systemctl reboot did not answer within 30 s");
        }
        if (process.exitValue() != 0) {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            throw new IOException("systemctl reboot failed (exit " + process.exitValue() + "): " + output);
        }
    }
}
