package vn.p06.kiosk.card;

import java.util.List;

/**
 * The typed or scanned MRZ key is not consistent (a check digit does not match, a date is
 * impossible); thrown before anything is sent to the chip. The message names fields only, never
 * the digits typed.
 */
public final class MrzKeyException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<MrzField> fields;

    MrzKeyException(List<MrzField> fields) {
        super("check these fields: " + fields);
        this.fields = List.copyOf(fields);
    }

    /** Every field that failed its check, in card order. */
    public List<MrzField> fields() {
        return fields;
    }
}
