package vn.p06.kiosk.ui;

import javafx.util.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubtitlesTest {

    @Test
    void webVtt() {
        Subtitles s = Subtitles.parse("WEBVTT\n\n00:00.500 --> 00:03.000\nMở ứng dụng VNeID\n\n"
                + "00:01:02.000 --> 00:01:04.250 align:center\nChọn thủ tục\nđăng ký tạm trú\n");
        assertThat(s.cues()).hasSize(2);
        assertThat(s.at(Duration.seconds(1))).contains("Mở ứng dụng VNeID");
        assertThat(s.at(Duration.seconds(3))).isEmpty();
        assertThat(s.at(Duration.seconds(63))).contains("Chọn thủ tục\nđăng ký tạm trú");
    }

    @Test
    void srtWithCrLf() {
        Subtitles s = Subtitles.parse("1\r\n00:00:01,000 --> 00:00:02,000\r\nOpen the app\r\n\r\n2\r\n"
                + "00:00:02,000 --> 00:00:05,000\r\nLog in\r\n");
        assertThat(s.at(Duration.millis(1500))).contains("Open the app");
        assertThat(s.at(Duration.millis(2000))).contains("Log in");
        assertThat(s.at(Duration.ZERO)).isEmpty();
    }

    @Test
    void garbageGivesNoCues() {
        assertThat(Subtitles.parse("not a subtitle file\n-->\n").cues()).isEmpty();
    }
}
