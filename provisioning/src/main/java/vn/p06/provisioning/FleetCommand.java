package vn.p06.provisioning;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import vn.p06.protocol.tls.TlsContexts;

/**
 * What every subcommand that talks to the fleet server shares: the server and token options, and
 * one place that turns failures into a message on stderr and an exit code.
 */
abstract class FleetCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(FleetCommand.class);

    @Spec
    CommandSpec spec;

    @ParentCommand
    ProvisioningMain main;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--server", required = true, paramLabel = "URL",
            description = "Fleet server base URL, e.g. http://fleet.example:8080")
    URI server;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "File holding the admin token; default: environment variable "
                    + AdminToken.ENV + ".")
    Path adminTokenFile;

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = "The fleet CA certificate (PEM; <data-dir>/pki/ca.crt on the server), the only trust "
                    + "anchor for an https:// --server.")
    Path caFile;

    /** Checks of the options among themselves; throw a picocli ParameterException (exit 2 + usage). */
    void validateOptions() {
    }

    private SSLContext tls() throws UsageError {
        if (caFile == null) {
            return null;
        }
        try {
            return TlsContexts.trustOnly(Files.readString(caFile));
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageError("--ca-file " + caFile + ": " + e.getMessage());
        }
    }

    /** The work; returns the exit code. */
    abstract int run(FleetClient fleet) throws UsageError, FleetException;

    @Override
    public final Integer call() {
        validateOptions();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!("http".equals(server.getScheme()) || "https".equals(server.getScheme())) || server.getHost() == null) {
                throw new UsageError("--server must be http(s)://host[:port], got " + server);
            }
            String token = AdminToken.resolve(adminTokenFile, main.env());
            return run(new FleetClient(server, token, tls()));
        } catch (UsageError e) {
            err.println("error: " + e.getMessage());
            return ProvisioningMain.EXIT_USAGE;
        } catch (FleetException.Unreachable e) {
            log.debug("unreachable", e);
            err.println("error: " + e.getMessage());
            return ProvisioningMain.EXIT_UNREACHABLE;
        } catch (FleetException e) {
            // Only Rejected is left: the server answered, with a status we cannot go on from.
            if (e instanceof FleetException.Rejected r && r.isAuthFailure()) {
                err.println("error: the fleet server refused the admin token (" + r.getMessage()
                        + "); check --admin-token-file or " + AdminToken.ENV);
                return ProvisioningMain.EXIT_USAGE;
            }
            err.println("error: fleet server: " + e.getMessage());
            return ProvisioningMain.EXIT_FAILED;
        } finally {
            err.flush();
            spec.commandLine().getOut().flush();
        }
    }
}
