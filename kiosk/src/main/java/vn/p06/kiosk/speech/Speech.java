package vn.p06.kiosk.speech;

import java.util.Locale;

/**
 * Spoken prompts for residents who read with difficulty. Implementations never block the caller
 * and a new prompt interrupts the one being spoken.
 */
public interface Speech extends AutoCloseable {

    void say(Locale language, String text);

    /** Stops the prompt being spoken, if any. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
