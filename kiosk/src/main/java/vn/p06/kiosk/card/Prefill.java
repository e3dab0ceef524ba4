package vn.p06.kiosk.card;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Maps the card's data to form fields; fields the card leaves empty are absent, so the form asks for them. */
final class Prefill {
    private Prefill() {
    }

    static Map<FormField, PrefilledValue> from(CitizenData c, Authenticity authenticity) {
        boolean verified = authenticity == Authenticity.VERIFIED;
        Map<FormField, PrefilledValue> out = new EnumMap<>(FormField.class);
        put(out, FormField.FULL_NAME, c.fullName(), verified);
        put(out, FormField.ID_NUMBER, c.idNumber(), verified);
        put(out, FormField.DATE_OF_BIRTH, c.dateOfBirth(), verified);
        put(out, FormField.SEX, c.sex(), verified);
        put(out, FormField.NATIONALITY, c.nationality(), verified);
        put(out, FormField.ETHNICITY, c.ethnicity(), verified);
        put(out, FormField.RELIGION, c.religion(), verified);
        put(out, FormField.PLACE_OF_ORIGIN, c.placeOfOrigin(), verified);
        put(out, FormField.PLACE_OF_RESIDENCE, c.placeOfResidence(), verified);
        put(out, FormField.DATE_OF_ISSUE, c.dateOfIssue(), verified);
        put(out, FormField.DATE_OF_EXPIRY, c.dateOfExpiry(), verified);
        put(out, FormField.FATHER_NAME, c.fatherName(), verified);
        put(out, FormField.MOTHER_NAME, c.motherName(), verified);
        put(out, FormField.SPOUSE_NAME, c.spouseName(), verified);
        put(out, FormField.OLD_ID_NUMBER, c.oldIdNumber(), verified);
        return Collections.unmodifiableMap(out);
    }

    private static void put(Map<FormField, PrefilledValue> out, FormField field, String value, boolean verified) {
        if (value != null && !value.isBlank()) {
            out.put(field, new PrefilledValue(value, true, verified));
        }
    }
}
