package vn.p06.provisioning;

import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.p06.protocol.Topics;

/** {@code provisioning revoke}: the broker refuses the kiosk from then on (stolen or retired device). */
@Command(name = "revoke", description = "Revokes a kiosk's credential; the broker refuses it afterwards.")
final class RevokeCommand extends FleetCommand {

    @Option(names = "--kiosk", required = true, paramLabel = "ID", description = "Kiosk id, e.g. 26734-001.")
    String kioskId;

    @Override
    int run(FleetClient fleet) throws UsageError, FleetException {
        if (!Topics.isValidKioskId(kioskId)) {
            throw new UsageError("not a kiosk id: '" + kioskId + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<FleetClient.Revocation> r = fleet.revoke(kioskId);
        if (r.isEmpty()) {
            err.println("error: kiosk " + kioskId + " is not known to " + fleet.base());
            return ProvisioningMain.EXIT_FAILED;
        }
        if (!r.get().revoked()) {
            err.println("error: the server did not confirm the revocation of " + kioskId);
            return ProvisioningMain.EXIT_FAILED;
        }
        out.println(kioskId + " revoked");
        return ProvisioningMain.EXIT_OK;
    }
}
