package vn.p06.kiosk.card;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The BAC/PACE key from the MRZ: document number (9 characters on the CCCD), date of birth and
 * date of expiry as {@code yyMMdd}. Build it with {@link #checked} (keypad: each field with the
 * check digit printed after it) or {@link #fromTd1} (the three MRZ lines from a scanner): both
 * verify the ICAO 9303 check digits first, because a wrong key costs a slow chip round trip and
 * tells the resident nothing about which number is wrong.
 */
public record MrzKey(String documentNumber, String dateOfBirth, String dateOfExpiry) implements AccessKey {

    private static final DateTimeFormatter YYMMDD =
            DateTimeFormatter.ofPattern("uuMMdd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    public MrzKey {
        if (documentNumber == null || !documentNumber.matches("[0-9A-Z<]{1,9}")) {
            throw new IllegalArgumentException("document number: up to 9 characters 0-9 A-Z");
        }
        if (!validDate(dateOfBirth) || !validDate(dateOfExpiry)) {
            throw new IllegalArgumentException("dates are yyMMdd");
        }
    }

    /**
     * The key as typed on the keypad: each field followed by the check digit printed after it
     * in the MRZ.
     *
     * @throws MrzKeyException naming every field whose check digit or date is wrong
     */
    public static MrzKey checked(String documentNumber, char documentCheck, String dateOfBirth, char birthCheck,
                                 String dateOfExpiry, char expiryCheck) throws MrzKeyException {
        List<MrzField> wrong = new ArrayList<>();
        String doc = documentNumber == null ? "" : documentNumber.trim().toUpperCase(Locale.ROOT);
        if (!doc.matches("[0-9A-Z]{1,9}") || checkDigit(doc) != documentCheck) {
            wrong.add(MrzField.DOCUMENT_NUMBER);
        }
        if (!validDate(dateOfBirth) || checkDigit(dateOfBirth) != birthCheck) {
            wrong.add(MrzField.DATE_OF_BIRTH);
        }
        if (!validDate(dateOfExpiry) || checkDigit(dateOfExpiry) != expiryCheck) {
            wrong.add(MrzField.DATE_OF_EXPIRY);
        }
        if (!wrong.isEmpty()) {
            throw new MrzKeyException(wrong);
        }
        return new MrzKey(doc, dateOfBirth, dateOfExpiry);
    }

    /**
     * The key from the three 30-character lines of a TD1 MRZ (the back of the CCCD), separated
     * by line breaks. Checks the document number, birth and expiry check digits.
     */
    public static MrzKey fromTd1(String mrz) throws MrzKeyException {
        String[] lines = mrz == null ? new String[0] : mrz.trim().toUpperCase(Locale.ROOT).split("\\s*\\R\\s*");
        if (lines.length != 3 || lines[0].length() != 30 || lines[1].length() != 30) {
            throw new MrzKeyException(List.of(MrzField.values()));
        }
        String doc = lines[0].substring(5, 14).replace("<", "");
        return checked(doc, lines[0].charAt(14), lines[1].substring(0, 6), lines[1].charAt(6),
                lines[1].substring(8, 14), lines[1].charAt(14));
    }

    /** ICAO 9303 part 3 check digit: weights 7-3-1, {@code <} counts 0, letters A=10. */
    static char checkDigit(String s) {
        int[] weights = {7, 3, 1};
        int sum = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int v;
            if (c >= '0' && c <= '9') {
                v = c - '0';
            } else if (c >= 'A' && c <= 'Z') {
                v = c - 'A' + 10;
            } else {
                v = 0;
            }
            sum += v * weights[i % 3];
        }
        return (char) ('0' + sum % 10);
    }

    static boolean validDate(String yymmdd) {
        if (yymmdd == null || !yymmdd.matches("[0-9]{6}")) {
            return false;
        }
        try {
            LocalDate.parse(yymmdd, YYMMDD);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "MrzKey[redacted]";
    }
}
