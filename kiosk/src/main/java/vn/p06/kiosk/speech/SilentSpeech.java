package vn.p06.kiosk.speech;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/** The simulator: speaks nothing, remembers what it was asked to say (for tests and for machines without audio). */
public final class SilentSpeech implements Speech {

    /** One prompt that would have been spoken. */
    public record Utterance(Locale language, String text) {
    }

    private final List<Utterance> said = new CopyOnWriteArrayList<>();

    @Override
    public void say(Locale language, String text) {
        said.add(new Utterance(language, text));
    }

    @Override
    public void stop() {
        // nothing is playing
    }

    public List<Utterance> said() {
        return List.copyOf(said);
    }
}
