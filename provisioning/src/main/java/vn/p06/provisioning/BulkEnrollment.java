package vn.p06.provisioning;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an enrollment CSV: every row's kiosks {@code {commune}-001..{commune}-{kiosks}} end up
 * enrolled. Row and kiosk failures are collected and the run goes on; only an unreachable server
 * or a refused admin token stop it (every further call would fail the same way).
 * Kiosks numbered above a row's count are left alone: lowering a count does not revoke anything.
 */
final class BulkEnrollment {
    private static final Logger log = LoggerFactory.getLogger(BulkEnrollment.class);

    record Summary(int enrolled, int rotated, int unchanged, int failed) {
        @Override
        public String toString() {
            return enrolled + " enrolled, " + rotated + " rotated, " + unchanged + " unchanged, " + failed + " failed";
        }
    }

    private final Enroller enroller;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;

    BulkEnrollment(Enroller enroller, PrintWriter out, PrintWriter err, boolean terminal) {
        this.enroller = enroller;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Progress goes to stderr while working; the changed kiosks (their bundles are what must be
     * copied onto devices), the failures and the summary are printed once the progress line is
     * done, also when the run is aborted, so that what was already done is on record.
     */
    Summary apply(List<EnrollmentCsv.Row> rows) throws FleetException {
        List<EnrollmentCsv.Row> work = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (EnrollmentCsv.Row row : rows) {
            if (!row.valid()) {
                failures.add(row.where() + ": " + row.error());
            } else if (firstLine.putIfAbsent(row.commune(), row.line()) != null) {
                failures.add(row.where() + ": commune " + row.commune() + " is already on line "
                        + firstLine.get(row.commune()));
            } else {
                work.add(row);
            }
        }
        int total = work.stream().mapToInt(EnrollmentCsv.Row::kiosks).sum();
        Progress progress = new Progress(err, total, terminal);
        Summary summary;
        List<Enroller.Result> changed = new ArrayList<>();
        int unchanged = 0;
        long started = System.nanoTime();
        boolean completed = false;
        try {
            for (EnrollmentCsv.Row row : work) {
                for (int n = 1; n <= row.kiosks(); n++) {
                    try {
                        Enroller.Result r = enroller.ensure(row.commune(), n);
                        if (r.outcome() == Enroller.Outcome.UNCHANGED) {
                            unchanged++;
                        } else {
                            changed.add(r);
                        }
                    } catch (Enroller.KioskFailure e) {
                        failures.add(row.where() + ": " + e.getMessage());
                    } catch (FleetException.Rejected e) {
                        if (e.isAuthFailure()) {
                            throw e;
                        }
                        failures.add(row.where() + ": " + KioskIds.id(row.commune(), n) + ": " + e.getMessage());
                    } finally {
                        progress.step();
                    }
                }
            }
            completed = true;
        } finally {
            progress.finish();
            for (Enroller.Result r : changed) {
                out.println((r.outcome() == Enroller.Outcome.ROTATED ? "rotated  " : "enrolled ")
                        + r.kioskId() + "  " + r.bundle());
            }
            for (String f : failures) {
                err.println("failed: " + f);
            }
            int enrolled = (int) changed.stream().filter(r -> r.outcome() == Enroller.Outcome.ENROLLED).count();
            summary = new Summary(enrolled, changed.size() - enrolled, unchanged, failures.size());
            // On an abort the caller prints the reason; this says what had been done until then.
            out.println(completed ? summary.toString() : "aborted after " + summary);
            out.flush();
            log.info("bulk enrollment of {} kiosks in {} ms: {}{}", total,
                    (System.nanoTime() - started) / 1_000_000, summary, completed ? "" : " (aborted)");
        }
        return summary;
    }
}
