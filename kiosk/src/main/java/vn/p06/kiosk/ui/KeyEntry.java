package vn.p06.kiosk.ui;

import vn.p06.kiosk.card.CanKey;
import vn.p06.kiosk.card.CccdQr;
import vn.p06.kiosk.card.MrzField;
import vn.p06.kiosk.card.MrzKey;
import vn.p06.kiosk.card.MrzKeyException;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The chip key as the resident types it on the keypad: the document number and both dates, each
 * followed by the check digit printed after it in the MRZ on the card's back. Dates are typed day
 * first (DDMMYY), the way Vietnamese residents say and write them; the MRZ order (YYMMDD) is
 * the machine's business. With a QR code from the card front, the document number and birth date
 * come from it and only the expiry date (no check digit: the front prints none) is typed.
 * Or, for a chip that does PACE, the six-digit card access number (CAN) printed on the front:
 * one short number instead of three, and no expiry date to look for.
 * Personal data: wiped with the visit, never logged.
 */
final class KeyEntry {
    private static final DateTimeFormatter DDMMYY =
            DateTimeFormatter.ofPattern("ddMMuu", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    /** What {@link #key()} gives: the key, or the fields to fix (never both). */
    record Checked(Optional<MrzKey> key, List<MrzField> wrong) {
    }

    private final Map<MrzField, StringBuilder> digits = new EnumMap<>(MrzField.class);
    private MrzField active = MrzField.DOCUMENT_NUMBER;
    private CccdQr qr;
    private final StringBuilder can = new StringBuilder();
    private boolean canMode;

    KeyEntry() {
        for (MrzField f : MrzField.values()) {
            digits.put(f, new StringBuilder());
        }
    }

    /** How many digits a field takes: its value and, from the MRZ, its check digit. */
    int length(MrzField field) {
        switch (field) {
            case DOCUMENT_NUMBER:
                return 10;
            case DATE_OF_BIRTH:
                return 7;
            case DATE_OF_EXPIRY:
            default:
                return qr != null ? 6 : 7;
        }
    }

    /** The fields the resident types now (only the expiry once a QR gave the rest). */
    List<MrzField> typed() {
        return qr != null ? List.of(MrzField.DATE_OF_EXPIRY) : List.of(MrzField.values());
    }

    String digits(MrzField field) {
        return digits.get(field).toString();
    }

    MrzField active() {
        return active;
    }

    void active(MrzField field) {
        if (typed().contains(field)) {
            active = field;
        }
    }

    /** One digit into the active field; a full field moves on to the next, so typing flows. */
    void type(char digit) {
        if (canMode) {
            if (can.length() < CAN_LENGTH) {
                can.append(digit);
            }
            return;
        }
        StringBuilder b = digits.get(active);
        if (b.length() < length(active)) {
            b.append(digit);
        }
        if (b.length() == length(active)) {
            List<MrzField> order = typed();
            int i = order.indexOf(active);
            if (i + 1 < order.size()) {
                active = order.get(i + 1);
            }
        }
    }

    void delete() {
        if (canMode) {
            if (can.length() > 0) {
                can.setLength(can.length() - 1);
            }
            return;
        }
        StringBuilder b = digits.get(active);
        if (b.length() > 0) {
            b.setLength(b.length() - 1);
        } else {
            // An empty field: delete goes back into the previous one, like a single long entry.
            List<MrzField> order = typed();
            int i = order.indexOf(active);
            if (i > 0) {
                active = order.get(i - 1);
                StringBuilder prev = digits.get(active);
                if (prev.length() > 0) {
                    prev.setLength(prev.length() - 1);
                }
            }
        }
    }

    boolean fromQr() {
        return qr != null;
    }

    static final int CAN_LENGTH = 6;

    /** The resident types the CAN from the front instead of the MRZ numbers (or goes back to them). */
    void canMode(boolean on) {
        canMode = on;
    }

    boolean canMode() {
        return canMode;
    }

    String canDigits() {
        return can.toString();
    }

    /** The CAN once all six digits are typed; it has no check digit, so only the chip can say it is wrong. */
    Optional<CanKey> canKey() {
        return can.length() == CAN_LENGTH ? Optional.of(new CanKey(can.toString())) : Optional.empty();
    }

    /** The QR of the card front gives the document number and birth date; the expiry is still typed. */
    void qr(CccdQr code) {
        canMode = false;
        this.qr = code;
        clear(digits.get(MrzField.DATE_OF_EXPIRY));
        active = MrzField.DATE_OF_EXPIRY;
    }

    /** Checks every field before the chip is touched: a wrong key costs a slow round trip and says nothing. */
    Checked key() {
        if (qr != null) {
            String expiry = digits(MrzField.DATE_OF_EXPIRY);
            try {
                LocalDate date = LocalDate.parse(expiry, DDMMYY);
                if (!date.isAfter(qr.dateOfBirth())) {
                    return new Checked(Optional.empty(), List.of(MrzField.DATE_OF_EXPIRY));
                }
                return new Checked(Optional.of(qr.accessKey(date)), List.of());
            } catch (DateTimeParseException e) {
                return new Checked(Optional.empty(), List.of(MrzField.DATE_OF_EXPIRY));
            }
        }
        String doc = digits(MrzField.DOCUMENT_NUMBER);
        String birth = digits(MrzField.DATE_OF_BIRTH);
        String expiry = digits(MrzField.DATE_OF_EXPIRY);
        try {
            return new Checked(Optional.of(MrzKey.checked(value(doc), check(doc), mrzDate(birth), check(birth),
                    mrzDate(expiry), check(expiry))), List.of());
        } catch (MrzKeyException e) {
            return new Checked(Optional.empty(), e.fields());
        }
    }

    private static String value(String typed) {
        return typed.isEmpty() ? "" : typed.substring(0, typed.length() - 1);
    }

    /** The last digit typed is the check digit; '?' never matches one. */
    private static char check(String typed) {
        return typed.isEmpty() ? '?' : typed.charAt(typed.length() - 1);
    }

    /** DDMMYY + check as typed → YYMMDD for the MRZ key; anything short stays invalid. */
    private static String mrzDate(String typed) {
        String d = value(typed);
        return d.length() == 6 ? d.substring(4, 6) + d.substring(2, 4) + d.substring(0, 2) : d;
    }

    void wipe() {
        digits.values().forEach(KeyEntry::clear);
        clear(can);
        canMode = false;
        qr = null;
        active = MrzField.DOCUMENT_NUMBER;
    }

    /** Overwrites before emptying: setLength alone leaves the digits in the backing array. */
    private static void clear(StringBuilder b) {
        for (int i = 0; i < b.length(); i++) {
            b.setCharAt(i, '0');
        }
        b.setLength(0);
    }

    boolean isEmpty() {
        return qr == null && can.length() == 0 && digits.values().stream().allMatch(b -> b.length() == 0);
    }
}
