package vn.p06.kiosk.speech;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SpeechTest {

    @Test
    void espeakGetsTheVoiceAsAnOptionAndTheTextOnStandardInput(@TempDir Path dir) throws Exception {
        // A stand-in for espeak-ng that writes its arguments and its input to a file.
        Path out = dir.resolve("said.txt");
        Path fake = dir.resolve("fake-espeak");
        Files.writeString(fake, "#!/bin/sh\necho \"$@\" > " + out + ".tmp\ncat >> " + out + ".tmp\nmv " + out + ".tmp " + out + "\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        try (EspeakSpeech speech = new EspeakSpeech(fake.toString(), 140)) {
            speech.say(Locale.forLanguageTag("vi"), "--help; Đăng ký tạm trú");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(out));
        }
        assertThat(Files.readString(out, StandardCharsets.UTF_8))
                .isEqualTo("-v vi -s 140 --stdin\n--help; Đăng ký tạm trú");
    }

    @Test
    void voices() {
        assertThat(EspeakSpeech.voice(Locale.forLanguageTag("vi"))).isEqualTo("vi");
        assertThat(EspeakSpeech.voice(Locale.ENGLISH)).isEqualTo("en");
    }

    @Test
    void simulatorRemembersPrompts() {
        SilentSpeech s = new SilentSpeech();
        s.say(Locale.ENGLISH, "Touch a group");
        assertThat(s.said()).containsExactly(new SilentSpeech.Utterance(Locale.ENGLISH, "Touch a group"));
    }
}
