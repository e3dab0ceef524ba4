package vn.p06.kiosk.card;

/** The steps of a read, in order, for the progress shown on screen. */
public enum ReadStep {
    CONNECTING, ACCESS_CONTROL, EF_COM, EF_SOD, DG1, DG13, DG14, DG15, DG2, VERIFYING, DONE
}
