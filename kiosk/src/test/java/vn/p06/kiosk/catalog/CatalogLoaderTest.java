package vn.p06.kiosk.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogLoaderTest {
    /** The 25 services of Project 06 (ids of shared/data/essential-services.tsv). */
    static final List<String> ESSENTIAL = List.of("cccd-confirm-cmnd", "cccd-reissue", "residence-permanent",
            "residence-temporary", "residence-absence", "residence-stay-notice", "motorbike-registration",
            "traffic-fine-camera", "passport", "seal-new", "seal-replace", "birth-registration",
            "marriage-registration", "death-registration", "criminal-record", "linked-birth", "linked-death",
            "health-insurance-renewal", "unemployment-benefit", "land-change", "driving-licence",
            "exam-registration", "tax-registration", "electricity-new", "electricity-contract-holder");
    static final ObjectMapper JSON = new ObjectMapper();

    static byte[] bundledBytes() throws Exception {
        try (InputStream in = CatalogLoaderTest.class.getResourceAsStream(CatalogStore.BUNDLED)) {
            return in.readAllBytes();
        }
    }

    /** The bundled catalog with one edit applied to its JSON tree. */
    static byte[] edited(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(bundledBytes());
        edit.accept(root);
        return JSON.writeValueAsBytes(root);
    }

    static ObjectNode service(ObjectNode root, String id) {
        for (var s : root.withArray("services")) {
            if (s.get("id").asText().equals(id)) {
                return (ObjectNode) s;
            }
        }
        throw new AssertionError(id);
    }

    @Test
    void bundledCatalogHasAllEssentialServicesInBothLanguages() throws Exception {
        Catalog c = CatalogLoader.parse(bundledBytes());
        assertThat(c.services()).extracting(Service::id).containsExactlyElementsOf(ESSENTIAL);
        for (Service s : c.services()) {
            for (Lang lang : Lang.values()) {
                ServiceText t = s.text(lang);
                assertThat(t.title()).as(s.id() + " " + lang).isNotBlank();
                assertThat(t.stepsOnline()).as(s.id()).isNotEmpty();
                assertThat(t.documents()).as(s.id()).isNotEmpty();
            }
            assertThat(s.portalUrl()).startsWith("https://");
            // Honesty: the drafted text is marked; nothing beyond the titles is claimed verified.
            assertThat(s.unverified().size() + s.placeholder().size()).as(s.id()).isGreaterThanOrEqualTo(4);
            assertThat(c.group(s.group())).as(s.id()).isPresent();
        }
        assertThat(c.service("residence-temporary").orElseThrow().text(Lang.VI).title()).isEqualTo("Đăng ký tạm trú");
        assertThat(c.service("linked-birth").orElseThrow().linked())
                .contains("birth-registration", "residence-permanent", "health-insurance-renewal");
    }

    @Test
    void missingEnglishTitleNamesServiceAndField() throws Exception {
        byte[] bad = edited(r -> ((ObjectNode) service(r, "passport").get("en")).remove("title"));
        assertThatThrownBy(() -> CatalogLoader.parse(bad)).isInstanceOfSatisfying(CatalogException.class, e -> {
            assertThat(e.serviceId()).contains("passport");
            assertThat(e.field()).contains("en.title");
            assertThat(e.getMessage()).isEqualTo("service 'passport': field 'en.title' must be a non-empty text");
        });
    }

    @Test
    void emptyStepListIsRefused() throws Exception {
        byte[] bad = edited(r -> ((ObjectNode) service(r, "birth-registration").get("vi")).putArray("stepsOnline"));
        assertThatThrownBy(() -> CatalogLoader.parse(bad)).hasMessageContaining("'birth-registration'")
                .hasMessageContaining("vi.stepsOnline").hasMessageContaining("non-empty list");
    }

    @Test
    void unknownLinkUnknownGroupAndUnknownMarkAreRefused() throws Exception {
        byte[] link = edited(r -> ((ArrayNode) service(r, "passport").get("linked")).add("moon-landing"));
        assertThatThrownBy(() -> CatalogLoader.parse(link)).hasMessage("service 'passport': field 'linked' names unknown service 'moon-landing'");
        byte[] group = edited(r -> service(r, "passport").put("group", "space"));
        assertThatThrownBy(() -> CatalogLoader.parse(group)).hasMessageContaining("unknown group 'space'");
        byte[] mark = edited(r -> ((ArrayNode) service(r, "passport").get("unverified")).add("colour"));
        assertThatThrownBy(() -> CatalogLoader.parse(mark)).hasMessageContaining("field 'unverified' names unknown field 'colour'");
    }

    @Test
    void duplicateIdPlainHttpAndEscapingVideoIdAreRefused() throws Exception {
        byte[] dup = edited(r -> service(r, "passport").put("id", "seal-new"));
        assertThatThrownBy(() -> CatalogLoader.parse(dup)).hasMessage("service 'seal-new': field 'id' appears twice");
        byte[] http = edited(r -> service(r, "passport").put("portalUrl", "http://dichvucong.gov.vn"));
        assertThatThrownBy(() -> CatalogLoader.parse(http)).hasMessageContaining("must be an https address");
        byte[] video = edited(r -> service(r, "passport").put("video", "../../etc/passwd"));
        assertThatThrownBy(() -> CatalogLoader.parse(video)).hasMessageContaining("field 'video'");
    }

    @Test
    void brokenJsonSaysWhere() {
        byte[] bad = "{\n \"version\": \"x\",\n \"groups\": [ oops ]\n}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CatalogLoader.parse(bad)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("not valid JSON").hasMessageContaining("line 3");
    }
}
