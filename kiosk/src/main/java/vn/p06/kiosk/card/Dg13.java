package vn.p06.kiosk.card;

import java.util.List;
import java.util.Map;

/**
 * DG13 as parsed: field number to its text values (most fields have one, the family field two),
 * in card order, unknown numbers included; {@code problems} says what was skipped and where
 * (offsets and tags only, never values). {@code toString()} is redacted.
 */
record Dg13(Map<Integer, List<String>> fields, List<String> problems) {

    static final int ID_NUMBER = 1;
    static final int FULL_NAME = 2;
    static final int DATE_OF_BIRTH = 3;
    static final int SEX = 4;
    static final int NATIONALITY = 5;
    static final int ETHNICITY = 6;
    static final int RELIGION = 7;
    static final int PLACE_OF_ORIGIN = 8;
    static final int PLACE_OF_RESIDENCE = 9;
    static final int IDENTIFYING_MARKS = 10;
    static final int DATE_OF_ISSUE = 11;
    static final int DATE_OF_EXPIRY = 12;
    static final int FAMILY = 13;
    static final int SPOUSE = 14;
    static final int OLD_ID_NUMBER = 16;
    static final int MAX_KNOWN = 16;

    Dg13 {
        fields = Map.copyOf(fields);
        problems = List.copyOf(problems);
    }

    static Dg13 empty() {
        return new Dg13(Map.of(), List.of());
    }

    /** The {@code index}-th value of a field, or "" when absent. */
    String text(int field, int index) {
        List<String> values = fields.get(field);
        return values == null || values.size() <= index ? "" : values.get(index).trim();
    }

    String text(int field) {
        return text(field, 0);
    }

    @Override
    public String toString() {
        return "Dg13[" + fields.size() + " fields, " + problems.size() + " problems]";
    }
}
