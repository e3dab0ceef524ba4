package vn.p06.kiosk.card;

import java.util.List;
import java.util.Map;

/**
 * What the card says about its holder, merged from DG13 (Vietnamese text with diacritics) and
 * DG1 (the MRZ, used where DG13 is absent or a field is empty). Absent fields are empty strings.
 * Dates are as printed on the card, {@code dd/MM/yyyy}; the expiry may be a word ("Không thời
 * hạn"). {@code otherFields} keeps DG13 records of unknown number. Personal data:
 * {@code toString()} is redacted; the record lives only inside a {@link CardSession}.
 */
public record CitizenData(String idNumber, String documentNumber, String fullName, String dateOfBirth, String sex,
                          String nationality, String ethnicity, String religion, String placeOfOrigin,
                          String placeOfResidence, String identifyingMarks, String dateOfIssue, String dateOfExpiry,
                          String fatherName, String motherName, String spouseName, String oldIdNumber,
                          Map<Integer, List<String>> otherFields) {

    public CitizenData {
        otherFields = Map.copyOf(otherFields);
    }

    @Override
    public String toString() {
        return "CitizenData[redacted]";
    }
}
