package vn.p06.provisioning;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code provisioning enroll}, two modes:
 * <ul>
 *   <li>{@code --commune CODE [--count N]}: N new kiosks, numbered after the commune's highest;</li>
 *   <li>{@code --csv FILE}: the file says what should exist; re-running it is safe (see
 *       {@link Enroller#ensure}).</li>
 * </ul>
 */
@Command(name = "enroll", description = {
        "Enrolls kiosks; writes one bundle DIR/{id}.json per kiosk (owner-only).",
        "Either --commune CODE [--count N]: N new kiosks after the commune's highest",
        "number, or --csv FILE: makes sure the kiosks listed in FILE are enrolled",
        "(safe to re-run; rotates lost bundles and revoked kiosks)."})
final class EnrollCommand extends FleetCommand {

    @Option(names = "--commune", paramLabel = "CODE", description = "5-digit commune/ward code, e.g. 26734.")
    String commune;

    @Option(names = "--count", paramLabel = "N", description = "How many new kiosks (default 1).")
    Integer count;

    @Option(names = "--csv", paramLabel = "FILE", description = "CSV with header commune,kiosks[,name], UTF-8.")
    Path csv;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory of the bundle files.")
    Path out;

    @Override
    void validateOptions() {
        if ((csv == null) == (commune == null)) {
            throw new ParameterException(spec.commandLine(), "give either --commune or --csv");
        }
        if (csv != null && count != null) {
            throw new ParameterException(spec.commandLine(), "--count goes with --commune, not with --csv");
        }
        if (count != null && (count < 1 || count > KioskIds.MAX_NUMBER)) {
            throw new ParameterException(spec.commandLine(), "--count must be 1.." + KioskIds.MAX_NUMBER);
        }
    }

    @Override
    int run(FleetClient fleet) throws UsageError, FleetException {
        Enroller enroller = new Enroller(fleet, out, new SecureRandom());
        if (csv != null) {
            List<EnrollmentCsv.Row> rows = EnrollmentCsv.read(csv);
            BulkEnrollment.Summary s = new BulkEnrollment(enroller, spec.commandLine().getOut(),
                    spec.commandLine().getErr(), main.stderrIsTerminal()).apply(rows);
            return s.failed() > 0 ? ProvisioningMain.EXIT_FAILED : ProvisioningMain.EXIT_OK;
        }
        return enrollNew(fleet, enroller);
    }

    private int enrollNew(FleetClient fleet, Enroller enroller) throws UsageError, FleetException {
        try {
            KioskIds.requireCommune(commune);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        int n = count == null ? 1 : count;
        List<String> existing = fleet.kiosksOfCommune(commune).stream().map(FleetClient.KioskSummary::id).toList();
        int highest = KioskIds.highest(commune, existing);
        if (highest + n > KioskIds.MAX_NUMBER) {
            throw new UsageError("commune " + commune + " has kiosks up to number " + highest + "; " + n
                    + " more would pass " + KioskIds.MAX_NUMBER);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (int i = 1; i <= n; i++) {
            try {
                Enroller.Result r = enroller.enrollNew(commune, highest + i);
                stdout.println(r.kioskId() + "  " + r.bundle());
                stdout.flush();
            } catch (Enroller.KioskFailure e) {
                // Later numbers would meet the same refusal; stop and say how far it got.
                err.println("error: " + e.getMessage());
                err.println((i - 1) + " of " + n + " kiosks enrolled");
                return ProvisioningMain.EXIT_FAILED;
            }
        }
        return ProvisioningMain.EXIT_OK;
    }
}
