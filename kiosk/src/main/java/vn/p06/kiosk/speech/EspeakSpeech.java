package vn.p06.kiosk.speech;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Speaks through the {@code espeak-ng} program (Debian package espeak-ng, voice {@code vi}). The
 * text goes on standard input, not the command line, so no prompt can be read as an option. One
 * worker thread: a new prompt kills the one still speaking, so prompts never pile up.
 */
public final class EspeakSpeech implements Speech {
    private static final Logger LOG = LoggerFactory.getLogger(EspeakSpeech.class);
    private final String program;
    private final int wordsPerMinute;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "speech");
        t.setDaemon(true);
        return t;
    });
    private volatile Process speaking;

    public EspeakSpeech() {
        // Slower than espeak's 175 wpm default: many listeners are elderly.
        this("espeak-ng", 140);
    }

    EspeakSpeech(String program, int wordsPerMinute) {
        this.program = program;
        this.wordsPerMinute = wordsPerMinute;
    }

    /** The command for one prompt; the text itself is written to standard input. */
    List<String> command(Locale language) {
        List<String> cmd = new ArrayList<>(List.of(program, "-v", voice(language), "-s", Integer.toString(wordsPerMinute)));
        cmd.add("--stdin");
        return cmd;
    }

    static String voice(Locale language) {
        return "en".equals(language.getLanguage()) ? "en" : "vi";
    }

    @Override
    public void say(Locale language, String text) {
        stop();
        worker.execute(() -> speak(language, text));
    }

    private void speak(Locale language, String text) {
        try {
            Process p = new ProcessBuilder(command(language)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            speaking = p;
            try (OutputStream in = p.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            } else if (p.exitValue() != 0 && speaking == p) {
                LOG.warn("{} exited with {}", program, p.exitValue());
            }
        } catch (IOException e) {
            LOG.warn("speech unavailable: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        Process p = speaking;
        if (p != null && p.isAlive()) {
            p.destroy();
        }
    }

    @Override
    public void close() {
        stop();
        worker.shutdownNow();
    }
}
