package vn.p06.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import vn.p06.fleet.alert.Rule;

/** Vietnamese (default) and English carry the same keys, and every key the pages use exists. */
class I18nTest {
    private static final List<String> PAGES = List.of("app.js", "login.html", "login.js", "fleet.html", "fleet.js",
            "kiosk.html", "kiosk.js", "alerts.html", "alerts.js", "analytics.html", "analytics.js", "users.html",
            "users.js", "content.html", "content.js");
    private static final Pattern USED = Pattern.compile("data-i18n(?:-placeholder)?=\"([^\"]+)\"|\\bt\\('([^'`]+)'");

    private static JsonNode dictionary(String lang) throws IOException {
        return new ObjectMapper().readTree(resource("i18n-" + lang + ".json"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = I18nTest.class.getClassLoader().getResourceAsStream("web/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void vietnameseAndEnglishHaveTheSameKeysAndNoEmptyText() throws IOException {
        JsonNode vi = dictionary("vi");
        JsonNode en = dictionary("en");
        assertThat(keys(vi)).isEqualTo(keys(en)).hasSizeGreaterThan(100);
        for (String key : keys(vi)) {
            assertThat(vi.get(key).asText()).as("vi " + key).isNotBlank();
            assertThat(en.get(key).asText()).as("en " + key).isNotBlank();
        }
        assertThat(vi.get("nav.fleet").asText()).isNotEqualTo(en.get("nav.fleet").asText());
    }

    @Test
    void everyKeyThePagesUseIsTranslated() throws IOException {
        Set<String> known = keys(dictionary("vi"));
        Set<String> missing = new HashSet<>();
        for (String page : PAGES) {
            Matcher matcher = USED.matcher(resource(page));
            while (matcher.find()) {
                String key = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                if (!key.endsWith(".") && !known.contains(key)) {
                    missing.add(page + ": " + key);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyStatusRoleCommandStateAndContentPhaseTheServerSendsHasAText() throws IOException {
        Set<String> known = keys(dictionary("en"));
        for (String status : List.of("online", "offline", "hot", "disk-low", "printer-paper-out", "card-reader-missing")) {
            assertThat(known).contains("status." + status);
        }
        for (vn.p06.fleet.auth.Role role : vn.p06.fleet.auth.Role.values()) {
            assertThat(known).contains("role." + role.wireName());
        }
        for (String state : List.of("sent", "accepted", "done", "failed", "expired", "rejected")) {
            assertThat(known).contains("command.state." + state);
        }
        for (vn.p06.protocol.Body.ContentPhase phase : vn.p06.protocol.Body.ContentPhase.values()) {
            assertThat(known).contains("content.phase." + phase.wireName());
        }
        for (vn.p06.fleet.rollout.Rollout.State state : vn.p06.fleet.rollout.Rollout.State.values()) {
            assertThat(known).contains("content.rollout.state." + state.wireName());
        }
        for (int day = 1; day <= 7; day++) {
            assertThat(known).contains("content.day." + day);
        }
        for (Rule rule : Rule.values()) {
            assertThat(known).contains("rule." + rule.wireName());
            if (rule.unit() != null) {
                // the server sends the unit in English; the page shows it in the reader's language
                assertThat(known).contains("rule.unit." + rule.wireName());
            }
        }
    }
}
