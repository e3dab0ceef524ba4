package vn.p06.kiosk.card;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.scuba.data.Gender;
import org.jmrtd.lds.icao.MRZInfo;

/**
 * Merges DG13 and DG1 into {@link CitizenData}: DG13 wins (it has diacritics and the full
 * Vietnamese fields); the MRZ fills what DG13 lacks, so a card without DG13 still prefills name,
 * number, dates and sex.
 */
final class CitizenMapper {
    private CitizenMapper() {
    }

    static CitizenData map(MRZInfo mrz, Dg13 dg13) {
        String optional = mrz == null ? "" : nullToEmpty(mrz.getOptionalData1()).replace("<", "");
        String mrzId = optional.length() >= 12 && optional.substring(0, 12).matches("[0-9]{12}")
                ? optional.substring(0, 12) : "";
        String mrzName = mrz == null ? "" : (nullToEmpty(mrz.getPrimaryIdentifier()) + " "
                + String.join(" ", mrz.getSecondaryIdentifierComponents())).replace('<', ' ').trim()
                .replaceAll(" +", " ");
        Map<Integer, List<String>> other = new LinkedHashMap<>();
        dg13.fields().forEach((k, v) -> {
            if (k == 15 || k > Dg13.MAX_KNOWN || k < 1) {
                other.put(k, v);
            }
        });
        return new CitizenData(
                or(dg13.text(Dg13.ID_NUMBER), mrzId),
                mrz == null ? "" : nullToEmpty(mrz.getDocumentNumber()).replace("<", ""),
                or(dg13.text(Dg13.FULL_NAME), mrzName),
                or(dg13.text(Dg13.DATE_OF_BIRTH), mrz == null ? "" : mrzDate(mrz.getDateOfBirth(), true)),
                or(dg13.text(Dg13.SEX), mrz == null ? "" : sex(mrz.getGender())),
                or(dg13.text(Dg13.NATIONALITY), mrz != null && "VNM".equals(mrz.getNationality()) ? "Việt Nam" : ""),
                dg13.text(Dg13.ETHNICITY),
                dg13.text(Dg13.RELIGION),
                dg13.text(Dg13.PLACE_OF_ORIGIN),
                dg13.text(Dg13.PLACE_OF_RESIDENCE),
                dg13.text(Dg13.IDENTIFYING_MARKS),
                dg13.text(Dg13.DATE_OF_ISSUE),
                or(dg13.text(Dg13.DATE_OF_EXPIRY), mrz == null ? "" : mrzDate(mrz.getDateOfExpiry(), false)),
                dg13.text(Dg13.FAMILY, 0),
                dg13.text(Dg13.FAMILY, 1),
                dg13.text(Dg13.SPOUSE),
                dg13.text(Dg13.OLD_ID_NUMBER),
                other);
    }

    /** MRZ {@code yyMMdd} to {@code dd/MM/yyyy}; births are never in the future, expiries never before 2000. */
    static String mrzDate(String yymmdd, boolean birth) {
        if (!MrzKey.validDate(yymmdd)) {
            return "";
        }
        int yy = Integer.parseInt(yymmdd.substring(0, 2));
        int century = birth && yy > LocalDate.now().getYear() % 100 ? 1900 : 2000;
        return yymmdd.substring(4, 6) + "/" + yymmdd.substring(2, 4) + "/" + (century + yy);
    }

    private static String sex(Gender g) {
        if (g == Gender.MALE) {
            return "Nam";
        }
        return g == Gender.FEMALE ? "Nữ" : "";
    }

    private static String or(String first, String fallback) {
        return first.isEmpty() ? fallback : first;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
