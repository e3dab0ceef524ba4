package vn.p06.kiosk.card;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Optional;

/**
 * The QR code on the CCCD front, decoded by ZXing to text: {@code id12|oldId9|name|ddMMyyyy|sex|
 * residence|ddMMyyyy(issue)} (shared/design/cccd.md, "reported"). It has no expiry date, so it
 * gives only two of the three parts of the chip key: {@link #accessKey} needs the expiry from the
 * MRZ or from the resident. Extra trailing fields are ignored, since later card generations may
 * add some. {@code toString()} is redacted.
 */
public record CccdQr(String idNumber, String oldIdNumber, String fullName, LocalDate dateOfBirth, String sex,
                     String placeOfResidence, LocalDate dateOfIssue) {

    private static final DateTimeFormatter DDMMYYYY =
            DateTimeFormatter.ofPattern("ddMMuuuu", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd", Locale.ROOT);

    /** Empty when the text is not a CCCD QR (wrong field count, bad ID or dates). */
    public static Optional<CccdQr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] f = text.trim().split("\\|", -1);
        if (f.length < 7 || !f[0].matches("[0-9]{12}") || !(f[1].isEmpty() || f[1].matches("[0-9]{9}"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CccdQr(f[0], f[1], f[2].trim(), LocalDate.parse(f[3], DDMMYYYY), f[4].trim(),
                    f[5].trim(), LocalDate.parse(f[6], DDMMYYYY)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The MRZ document number of the CCCD: the last nine digits of the 12-digit ID ("reported"). */
    public String documentNumber() {
        return idNumber.substring(3);
    }

    /** The chip key, once the expiry date printed on the card is known. */
    public MrzKey accessKey(LocalDate dateOfExpiry) {
        return new MrzKey(documentNumber(), dateOfBirth.format(YYMMDD), dateOfExpiry.format(YYMMDD));
    }

    @Override
    public String toString() {
        return "CccdQr[redacted]";
    }
}
