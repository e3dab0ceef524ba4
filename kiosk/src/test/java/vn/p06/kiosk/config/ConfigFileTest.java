package vn.p06.kiosk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.p06.protocol.config.ConfigException;

class ConfigFileTest {
    @TempDir
    Path dir;

    private KioskConfig load(String toml) throws IOException, ConfigException {
        Path file = dir.resolve("kiosk.conf");
        Files.writeString(file, toml);
        return ConfigFile.read(Optional.of(file), Map.of()).config();
    }

    private List<String> problems(String toml) {
        try {
            load(toml);
        } catch (ConfigException e) {
            return e.problems();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + toml);
    }

    @Test
    void anEmptyFileGivesTheDefaults() throws Exception {
        assertThat(load("")).isEqualTo(KioskConfig.defaults());
        assertThat(KioskConfig.defaults().session().timeoutSeconds()).isEqualTo(90);
        assertThat(KioskConfig.defaults().kiosk().language()).isEqualTo("vi");
        assertThat(KioskConfig.defaults().bundle()).isEmpty();
    }

    @Test
    void theShippedFileIsValidAndSaysWhatTheDefaultsSay() throws Exception {
        // packaging/kiosk/kiosk.conf, but with a CSCA directory that exists here
        String shipped = Files.readString(Path.of("../packaging/kiosk/kiosk.conf"));
        Path csca = Files.createDirectories(dir.resolve("csca"));
        KioskConfig config = load(shipped.replace("/etc/p06-kiosk/csca", csca.toString()));

        assertThat(config.card().reader()).isEqualTo("pcsc");
        assertThat(config.bundle()).contains(Path.of("/etc/p06-kiosk/bundle.json"));
        assertThat(config.session()).isEqualTo(KioskConfig.defaults().session());
    }

    @Test
    void aFullFileIsRead() throws Exception {
        Path csca = Files.createDirectories(dir.resolve("csca"));
        KioskConfig config = load("""
                [kiosk]
                commune = "Phường Bến Nghé"
                language = "en"
                [session]
                timeout-seconds = 120
                warning-seconds = 15
                [card]
                reader = "pcsc"
                csca = "%s"
                read-block-size = 4096
                [tickets]
                kind = "escpos"
                address = "192.168.1.50:9100"
                [gpio]
                kind = "pi4j"
                red = 5
                [display]
                windowed = true
                """.formatted(csca.toString().replace("\\", "\\\\")));

        assertThat(config.kiosk()).isEqualTo(new KioskConfig.Kiosk("Phường Bến Nghé", "en"));
        assertThat(config.session()).isEqualTo(new KioskConfig.Session(120, 15));
        assertThat(config.card().readBlockSize()).isEqualTo(4096);
        assertThat(config.ticketAddress()).hasValueSatisfying(a -> {
            assertThat(a.getHostString()).isEqualTo("192.168.1.50");
            assertThat(a.getPort()).isEqualTo(9100);
        });
        assertThat(config.gpio().red()).isEqualTo(5);
        assertThat(config.gpio().presence()).isEqualTo(17);
        assertThat(config.display().windowed()).isTrue();
        assertThat(config.printer()).isEqualTo(KioskConfig.defaults().printer());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            kiosk     | language = "fr"                | kiosk.language: must be vi or en
            printer   | queue = " "                    | printer.queue: must not be blank
            printer   | kind = "laser"                 | printer.kind: must be none, simulated or cups
            printer   | cups = "localhost:631"         | printer.cups: must be an http(s) or ipp(s) URL
            session   | timeout-seconds = 10           | session.timeout-seconds: must be greater than or equal to 30
            session   | warning-seconds = 200          | session.warning-seconds: must be less than or equal to 120
            telemetry | health-interval-seconds = 0    | telemetry.health-interval-seconds: must be greater than or equal to 1
            fleet     | keepalive-seconds = 99999      | fleet.keepalive-seconds: must be less than or equal to 3600
            card      | read-block-size = 0            | card.read-block-size: must be greater than or equal to 1
            card      | reader = "nfc"                 | card.reader: must be none, simulated or pcsc
            tickets   | prefix = "a1"                  | tickets.prefix: must be one or two capital letters
            scanner   | kind = "twain"                 | scanner.kind: must be none, simulated or sane
            gpio      | green = 40                     | gpio.green: must be less than or equal to 27
            speech    | engine = "festival"            | speech.engine: must be espeak or silent
            paths     | data-dir = ""                  | paths.data-dir: must not be blank
            session   | timeout-seconds = "soon"       | session.timeout-seconds: must be a whole number, not "soon"
            display   | windowed = "maybe"             | display.windowed: must be true or false, not "maybe"
            """)
    void aBadValueIsNamedByItsKey(String section, String line, String problem) {
        assertThat(problems("[" + section + "]\n" + line + "\n")).containsExactly(problem);
    }

    @Test
    void crossFieldRulesNameTheKeyToFix() {
        assertThat(problems("""
                [card]
                reader = "pcsc"
                csca = "/nowhere/csca"
                [tickets]
                kind = "escpos"
                address = "printer.local"
                [scanner]
                kind = "sane"
                [session]
                timeout-seconds = 60
                warning-seconds = 60
                [gpio]
                kind = "pi4j"
                green = 17
                """)).containsExactly(
                "card.csca: must name an existing file or directory of CSCA certificates when card.reader is pcsc,"
                        + " not \"/nowhere/csca\"",
                "gpio: the five pins must be different",
                "scanner.device: must name a SANE device when scanner.kind is sane",
                "session.warning-seconds: must be less than session.timeout-seconds",
                "tickets.address: must be HOST:PORT when tickets.kind is escpos, not \"printer.local\"");
    }

    @Test
    void everyBadFieldIsReportedAtOnceOneLineEach() {
        assertThat(problems("""
                [kiosk]
                language = "fr"
                [printer]
                queue = ""
                """)).containsExactly("kiosk.language: must be vi or en", "printer.queue: must not be blank");
    }

    @Test
    void unknownKeysAndSectionsAreErrorsNamingThem() {
        assertThat(problems("""
                [printer]
                queu = "kiosk-a4"
                [printers]
                kind = "cups"
                [kiosk]
                langauge = "en"
                """)).containsExactly("kiosk.langauge: unknown key", "printer.queu: unknown key", "printers: unknown key");
    }

    @Test
    void aSectionGivenAsAValueIsNamed() {
        assertThat(problems("printer = \"cups\"\n")).containsExactly("printer: must be a section of keys");
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLine() {
        List<String> problems = problems("[kiosk]\nlanguage = en\n");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith(dir.resolve("kiosk.conf") + ": line 2: ");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.conf");
        assertThatThrownBy(() -> ConfigFile.read(Optional.of(missing), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.problems()).containsExactly(missing + ": no such file"));
    }

    @Test
    void commandLineOverridesAndTheOverlayComeOnTopOfTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("kiosk.conf"), "[telemetry]\nhealth-interval-seconds = 60\n");

        ConfigFile read = ConfigFile.read(Optional.of(file), Map.of("paths.data-dir", "/srv/kiosk",
                "telemetry.health-interval-seconds", "5"));
        KioskConfig config = read.config(Map.of("kiosk.language", "en"));

        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/kiosk"));
        assertThat(config.telemetry().healthIntervalSeconds()).isEqualTo(5);
        assertThat(config.kiosk().language()).isEqualTo("en");
        assertThat(read.config().kiosk().language()).isEqualTo("vi");
    }

    @Test
    void aBadOverrideIsNamedLikeABadFileKey() {
        assertThatThrownBy(() -> ConfigFile.read(Optional.empty(), Map.of("fleet.bundel", "x")))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.problems()).containsExactly("fleet.bundel: unknown key"));
    }
}
