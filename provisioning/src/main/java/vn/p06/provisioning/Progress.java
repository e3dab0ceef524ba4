package vn.p06.provisioning;

import java.io.PrintWriter;

/**
 * The progress line of a bulk run, on stderr so that stdout stays the result. On a terminal one
 * line is redrawn in place ({@code \r[=====     ] 37/500 enrolled}); into a file or a CI log that
 * would be hundreds of fragments, so there it prints one line per tenth of the work.
 * "enrolled" counts kiosks dealt with, whichever the outcome; the summary splits them up.
 */
final class Progress {
    private static final int WIDTH = 10;

    private final PrintWriter err;
    private final int total;
    private final boolean terminal;
    private int done;
    private int lastTenth;

    Progress(PrintWriter err, int total, boolean terminal) {
        this.err = err;
        this.total = total;
        this.terminal = terminal;
    }

    void step() {
        done++;
        if (total == 0) {
            return;
        }
        if (terminal) {
            err.print("\r" + line());
            err.flush();
        } else {
            int tenth = (int) ((long) done * 10 / total);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                err.println(line());
                err.flush();
            }
        }
    }

    /** Ends the in-place line so that what follows starts on a fresh one. */
    void finish() {
        if (terminal && done > 0 && total > 0) {
            err.println();
            err.flush();
        }
    }

    String line() {
        int filled = (int) ((long) done * WIDTH / Math.max(total, 1));
        return "[" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " enrolled";
    }
}
