package vn.p06.kiosk.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Port: the kiosk's own log, newest last. */
@FunctionalInterface
public interface LogSource {

    /** At most the last {@code maxBytes} bytes of the log. */
    String tail(int maxBytes) throws Exception;

    /**
     * The kiosk logs to stderr and journald keeps it: {@code journalctl -u UNIT}. Lines are asked
     * for generously, then cut to the byte budget.
     */
    static LogSource journal(String unit) {
        return maxBytes -> {
            Process process = new ProcessBuilder(List.of("journalctl", "-u", unit, "--no-pager", "-o", "short-iso",
                    "-n", Integer.toString(Math.max(100, maxBytes / 40)))).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("journalctl failed: " + new String(output, StandardCharsets.UTF_8).strip());
            }
            String text = new String(output, StandardCharsets.UTF_8);
            return text.length() <= maxBytes ? text : text.substring(text.length() - maxBytes);
        };
    }
}
