package vn.p06.kiosk.card;

/**
 * The steps of a read, for the progress shown on screen. The chip reads EF.COM, EF.SOD, DG14 and DG15
 * first, challenges the chip, then reads DG1, DG13 and DG2 (see {@link ChipRead}).
 */
public enum ReadStep {
    CONNECTING, ACCESS_CONTROL, EF_COM, EF_SOD, DG1, DG13, DG14, DG15, CHIP_AUTHENTICATION, DG2, VERIFYING, DONE
}
