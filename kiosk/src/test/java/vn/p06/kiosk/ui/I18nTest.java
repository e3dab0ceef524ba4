package vn.p06.kiosk.ui;

import org.junit.jupiter.api.Test;
import vn.p06.kiosk.catalog.Lang;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class I18nTest {

    @Test
    void bothLanguagesHaveTheSameKeysAndNoBlankText() {
        ResourceBundle vi = I18n.bundle(Lang.VI);
        ResourceBundle en = I18n.bundle(Lang.EN);
        assertThat(new TreeSet<>(vi.keySet())).isEqualTo(new TreeSet<>(en.keySet()));
        for (String key : vi.keySet()) {
            assertThat(vi.getString(key)).as("vi " + key).isNotBlank();
            assertThat(en.getString(key)).as("en " + key).isNotBlank();
            if (vi.getString(key).contains("{0}")) {
                // Parameterised texts must be valid MessageFormat patterns in both languages.
                assertThat(new MessageFormat(en.getString(key)).format(new Object[]{"X"})).contains("X");
                assertThat(new MessageFormat(vi.getString(key)).format(new Object[]{"X"})).contains("X");
            }
        }
    }

    @Test
    void everyKeyTheCodeUsesExists() throws Exception {
        // Every string literal shaped like a key (a.b.c) in the UI sources; the computed
        // families ("text.size." + n, "end.rate." + v, "scan.fault." + fault) are listed by hand.
        Pattern call = Pattern.compile("\"([a-z][a-zA-Z0-9]*(?:\\.[a-zA-Z0-9]+)+)\"");
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/vn/p06/kiosk/ui"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = call.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        for (int i = 0; i < KioskUi.TEXT_SIZES.length; i++) {
            used.add("text.size." + i);
        }
        for (int v = 1; v <= 5; v++) {
            used.add("end.rate." + v);
        }
        for (vn.p06.kiosk.scan.ScanFault fault : vn.p06.kiosk.scan.ScanFault.values()) {
            used.add("scan.fault." + fault.stateName());
        }
        assertThat(used).hasSizeGreaterThan(40);
        for (Lang lang : Lang.values()) {
            assertThat(I18n.bundle(lang).keySet()).as(lang.code()).containsAll(used);
        }
    }

    @Test
    void aMissingKeyIsVisibleNotSilent() {
        I18n i18n = new I18n();
        assertThat(i18n.t("no.such.key")).startsWith(I18n.MISSING);
        i18n.lang(Lang.EN);
        assertThat(i18n.t("home.results", 3)).isEqualTo("Found 3 services");
    }
}
