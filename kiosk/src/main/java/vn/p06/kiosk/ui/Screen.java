package vn.p06.kiosk.ui;

import javafx.scene.Node;

/** One screen: builds its view from the current language and the session's data. */
interface Screen {

    /** A fresh view; called again when the language or text size changes. */
    Node view();

    /** What is spoken when the screen opens (empty: nothing). */
    default String prompt() {
        return "";
    }

    /** The top bar (back, home, language, text size, contrast, done) is hidden on the attract loop. */
    default boolean showsBar() {
        return true;
    }

    /** Stops media and timers; the screen is not shown again. */
    default void dispose() {
    }
}
