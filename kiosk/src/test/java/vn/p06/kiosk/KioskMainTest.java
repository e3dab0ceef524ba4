package vn.p06.kiosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.p06.protocol.EnrollmentBundle;

/** The command line's refusals; the running modes are covered by the telemetry tests. */
class KioskMainTest {
    @TempDir
    Path dir;

    private static int run(String... args) {
        CommandLine cmd = new CommandLine(new KioskMain());
        cmd.setErr(new PrintWriter(new StringWriter()));
        cmd.setOut(new PrintWriter(new StringWriter()));
        return cmd.execute(args);
    }

    @Test
    void aBundleMissingAFieldExitsWithTwo() throws Exception {
        Path bundle = dir.resolve("26734-001.json");
        Files.writeString(bundle, """
                {"kioskId":"26734-001","commune":"Xã Tân Lập","mqttUrl":"tcp://127.0.0.1:1883",
                 "mqttUsername":"26734-001","fleetUrl":"http://127.0.0.1:8080"}
                """);
        assertThat(run("--bundle", bundle.toString())).isEqualTo(KioskMain.EXIT_BAD_INPUT);
        assertThatThrownBy(() -> KioskMain.read(bundle))
                .isInstanceOf(KioskMain.BadInputException.class)
                .hasMessage("bad enrollment bundle " + bundle + ": mqttPassword is required");
    }

    @Test
    void aMissingBundleFileExitsWithTwo() {
        assertThat(run("--bundle", dir.resolve("nope.json").toString())).isEqualTo(KioskMain.EXIT_BAD_INPUT);
    }

    @Test
    void simulatingMoreKiosksThanThereAreBundlesExitsWithTwo() throws Exception {
        new EnrollmentBundle("26734-001", "Xã Tân Lập", "tcp://127.0.0.1:1883", "26734-001", "pw",
                "http://127.0.0.1:8080").write(dir.resolve("26734-001.json"));
        assertThat(run("--simulate", "2", "--bundles", dir.toString())).isEqualTo(KioskMain.EXIT_BAD_INPUT);
    }

    @Test
    void bundleAndSimulateTogetherIsAUsageError() {
        assertThat(run("--bundle", "x.json", "--simulate", "2", "--bundles", "."))
                .isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run()).isEqualTo(CommandLine.ExitCode.USAGE);
    }

    @Test
    void aBadDurationIsAUsageError() {
        assertThat(run("--bundle", "x.json", "--health-interval", "soon")).isEqualTo(CommandLine.ExitCode.USAGE);
    }

    @Test
    void aBadSettingsFileExitsWithTwo() throws Exception {
        Path config = Files.writeString(dir.resolve("kiosk.conf"), "[printer]\nqueue = \"\"\n");
        assertThat(run("--config", config.toString(), "--bundle", "x.json")).isEqualTo(KioskMain.EXIT_BAD_INPUT);
    }
}
