package vn.p06.kiosk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.protocol.config.ConfigException;

/** The UI's command line: the settings file, keys on top of it, the two development flags. */
class CommandLineTest {
    @TempDir
    Path dir;

    @Test
    void theFileThenTheKeysOnTheCommandLine() throws Exception {
        Path file = Files.writeString(dir.resolve("kiosk.conf"), "[speech]\nengine = \"espeak\"\n[kiosk]\nlanguage = \"en\"\n");

        KioskConfig config = ConfigFile.fromCommandLine(List.of("--config=" + file, "--speech.engine=silent", "--windowed",
                "--session.timeout-seconds=120")).config();

        assertThat(config.speech().engine()).isEqualTo("silent");
        assertThat(config.kiosk().language()).isEqualTo("en");
        assertThat(config.display().windowed()).isTrue();
        assertThat(config.display().showCursor()).isFalse();
        assertThat(config.session().timeoutSeconds()).isEqualTo(120);
    }

    @Test
    void anOldStyleOptionOrAStrayWordIsNamed() {
        assertThatThrownBy(() -> ConfigFile.fromCommandLine(List.of("--speech=silent")).config())
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.problems()).containsExactly("speech: must be a section of keys"));
        assertThatThrownBy(() -> ConfigFile.fromCommandLine(List.of("windowed")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("windowed: not an option"));
    }
}
