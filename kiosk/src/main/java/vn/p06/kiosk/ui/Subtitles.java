package vn.p06.kiosk.ui;

import javafx.util.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Subtitle cues from a WebVTT or SRT file (the two formats video tools export). */
final class Subtitles {
    record Cue(Duration start, Duration end, String text) {
    }

    private static final Pattern TIMING = Pattern.compile(
            "(?:(\\d+):)?(\\d{1,2}):(\\d{2})[.,](\\d{3})\\s*-->\\s*(?:(\\d+):)?(\\d{1,2}):(\\d{2})[.,](\\d{3}).*");

    private final List<Cue> cues;

    private Subtitles(List<Cue> cues) {
        this.cues = List.copyOf(cues);
    }

    static Subtitles parse(String text) {
        List<Cue> cues = new ArrayList<>();
        String[] lines = text.replace("\r", "").split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = TIMING.matcher(lines[i].strip());
            if (!m.matches()) {
                continue;
            }
            StringBuilder body = new StringBuilder();
            int j = i + 1;
            while (j < lines.length && !lines[j].isBlank()) {
                body.append(body.length() == 0 ? "" : "\n").append(lines[j].strip());
                j++;
            }
            cues.add(new Cue(time(m, 1), time(m, 5), body.toString()));
            i = j;
        }
        return new Subtitles(cues);
    }

    private static Duration time(Matcher m, int g) {
        long h = m.group(g) == null ? 0 : Long.parseLong(m.group(g));
        long ms = ((h * 60 + Long.parseLong(m.group(g + 1))) * 60 + Long.parseLong(m.group(g + 2))) * 1000
                + Long.parseLong(m.group(g + 3));
        return Duration.millis(ms);
    }

    List<Cue> cues() {
        return cues;
    }

    /** The text to show at {@code time}, if a cue covers it. */
    Optional<String> at(Duration time) {
        for (Cue c : cues) {
            if (!time.lessThan(c.start()) && time.lessThan(c.end())) {
                return Optional.of(c.text());
            }
        }
        return Optional.empty();
    }
}
