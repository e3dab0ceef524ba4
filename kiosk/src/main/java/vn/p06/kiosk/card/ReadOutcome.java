package vn.p06.kiosk.card;

/** The outcome word of a card read, as it goes to telemetry (the only thing that does). */
public enum ReadOutcome {
    OK("ok"), WRONG_KEY("wrong-key"), REMOVED("removed"), TAMPERED("tampered"), UNSUPPORTED("unsupported");

    private final String word;

    ReadOutcome(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
