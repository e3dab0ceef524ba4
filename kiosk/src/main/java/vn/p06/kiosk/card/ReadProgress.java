package vn.p06.kiosk.card;

/**
 * Progress of a read, called on the reading thread (the UI hops to its own thread). Bytes are
 * counts of the current file, so the screen can show a bar for the slow face image (DG2).
 */
@FunctionalInterface
public interface ReadProgress {

    ReadProgress NONE = (step, done, total) -> { };

    /**
     * @param step  the file or stage being worked on
     * @param done  bytes of the current file read so far (0 for stages without a file)
     * @param total length of the current file (0 when unknown)
     */
    void onProgress(ReadStep step, int done, int total);
}
