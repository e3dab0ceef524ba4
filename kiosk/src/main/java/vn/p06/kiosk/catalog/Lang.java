package vn.p06.kiosk.catalog;

import java.util.Locale;

/** The languages the kiosk speaks; Vietnamese first, English for visitors and staff. */
public enum Lang {
    VI("vi"),
    EN("en");

    private final String code;

    Lang(String code) {
        this.code = code;
    }

    /** The key used in catalog files and resource bundle names. */
    public String code() {
        return code;
    }

    public Locale locale() {
        return Locale.forLanguageTag(code);
    }

    /** The language the switch button offers. */
    public Lang other() {
        return this == VI ? EN : VI;
    }

    public static Lang fromCode(String code) {
        for (Lang lang : values()) {
            if (lang.code.equalsIgnoreCase(code)) {
                return lang;
            }
        }
        throw new IllegalArgumentException("unknown language: " + code);
    }
}
