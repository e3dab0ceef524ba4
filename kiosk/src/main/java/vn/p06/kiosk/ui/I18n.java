package vn.p06.kiosk.ui;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.catalog.Lang;

import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every string the UI shows or speaks, from {@code i18n/messages_vi|en.properties}. No fallback
 * between languages and none to the machine's locale: a missing key shows as {@code ⟦key⟧}, which
 * the tests look for, rather than silently showing the other language.
 */
final class I18n {
    static final String BUNDLE = "i18n/messages";
    static final String MISSING = "⟦";
    private static final Logger LOG = LoggerFactory.getLogger(I18n.class);
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Map<Lang, ResourceBundle> bundles = new EnumMap<>(Lang.class);
    private Lang lang = Lang.VI;

    I18n() {
        for (Lang l : Lang.values()) {
            bundles.put(l, bundle(l));
        }
    }

    static ResourceBundle bundle(Lang lang) {
        return ResourceBundle.getBundle(BUNDLE, lang.locale(), I18n.class.getClassLoader(), NO_FALLBACK);
    }

    Lang lang() {
        return lang;
    }

    void lang(Lang lang) {
        this.lang = lang;
    }

    /** The text for {@code key}; with arguments it is a {@link MessageFormat} pattern. */
    String t(String key, Object... args) {
        String pattern;
        try {
            pattern = bundles.get(lang).getString(key);
        } catch (MissingResourceException e) {
            LOG.error("missing text '{}' for language {}", key, lang.code());
            return MISSING + key + "⟧";
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, lang.locale()).format(args);
    }
}
