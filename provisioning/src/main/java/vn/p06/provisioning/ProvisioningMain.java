package vn.p06.provisioning;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code provisioning}: enrolls commune-hall kiosks into the fleet server and revokes them.
 * Each enrolled kiosk gets an {@link vn.p06.protocol.EnrollmentBundle} file to be copied onto it.
 *
 * <p>Exit codes are returned by the subcommands themselves (not by a handler installed in
 * {@link #main}), so that {@code new CommandLine(new ProvisioningMain()).execute(...)} behaves the
 * same in tests and in scripts.
 */
@Command(name = "provisioning",
        description = "Enrolls commune-hall kiosks into the fleet server and revokes them.",
        subcommands = {EnrollCommand.class, RevokeCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:some kiosks or rows failed, or the server refused a request",
            "2:usage error, no admin token, or the server refused the token",
            "3:fleet server unreachable"})
public final class ProvisioningMain implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNREACHABLE = 3;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    private final Map<String, String> env;
    private final boolean stderrIsTerminal;

    public ProvisioningMain() {
        // Java 17's System.console() is non-null only on an interactive terminal; that is the
        // case where an in-place progress bar helps, in a log it would be noise.
        this(System.getenv(), System.console() != null);
    }

    /** For tests: a controlled environment (admin token variable) and terminal flag. */
    ProvisioningMain(Map<String, String> env, boolean stderrIsTerminal) {
        this.env = Map.copyOf(env);
        this.stderrIsTerminal = stderrIsTerminal;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProvisioningMain()).execute(args));
    }

    /** Without a subcommand there is nothing to do: show what there is. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    Map<String, String> env() {
        return env;
    }

    boolean stderrIsTerminal() {
        return stderrIsTerminal;
    }
}
