package vn.p06.provisioning;

import java.util.Collection;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.p06.protocol.Topics;

/**
 * The naming rule of provisioning: a kiosk is {@code {commune}-{NNN}}, where the commune is the
 * 5-digit administrative code of the commune or ward and NNN its kiosk number there (001..999).
 * The number is zero-padded so that ids sort as numbers in every listing.
 */
final class KioskIds {
    static final int MAX_NUMBER = 999;

    private static final Pattern COMMUNE = Pattern.compile("\\d{5}");
    private static final Pattern ID = Pattern.compile("(\\d{5})-(\\d{3})");

    private KioskIds() {
    }

    static String requireCommune(String commune) {
        if (commune == null || !COMMUNE.matcher(commune).matches()) {
            throw new IllegalArgumentException("commune code must be the 5-digit administrative code, got '"
                    + commune + "'");
        }
        return commune;
    }

    static String id(String commune, int number) {
        requireCommune(commune);
        if (number < 1 || number > MAX_NUMBER) {
            throw new IllegalArgumentException("kiosk number must be 1.." + MAX_NUMBER + ", got " + number);
        }
        return Topics.requireValidKioskId(String.format("%s-%03d", commune, number));
    }

    /** The number of {@code kioskId} if it is a kiosk of {@code commune} named by our rule. */
    static OptionalInt numberIn(String commune, String kioskId) {
        if (kioskId == null) {
            return OptionalInt.empty();
        }
        Matcher m = ID.matcher(kioskId);
        if (!m.matches() || !m.group(1).equals(commune)) {
            return OptionalInt.empty();
        }
        int n = Integer.parseInt(m.group(2));
        return n >= 1 ? OptionalInt.of(n) : OptionalInt.empty();
    }

    /** Highest number among {@code kioskIds} of that commune, 0 when there is none. */
    static int highest(String commune, Collection<String> kioskIds) {
        return kioskIds.stream()
                .map(id -> numberIn(commune, id))
                .filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt)
                .max()
                .orElse(0);
    }
}
