package vn.p06.kiosk.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogStoreTest {

    @Test
    void badFileKeepsThePreviousCatalogAndSaysWhy(@TempDir Path dir) throws Exception {
        CatalogStore store = CatalogStore.bundled();
        Catalog before = store.current();
        List<Catalog> changes = new ArrayList<>();
        store.onChange(changes::add);
        Path bad = dir.resolve("services.json");
        Files.write(bad, CatalogLoaderTest.edited(r ->
                ((com.fasterxml.jackson.databind.node.ObjectNode) CatalogLoaderTest.service(r, "residence-temporary")
                        .get("vi")).put("fees", "")));

        CatalogStore.Outcome outcome = store.load(bad);

        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.reason()).isEqualTo("service 'residence-temporary': field 'vi.fees' must be a non-empty text");
        assertThat(store.current()).isSameAs(before);
        assertThat(store.lastError()).hasValueSatisfying(e -> assertThat(e).contains(bad.toString(), "vi.fees"));
        assertThat(changes).isEmpty();
    }

    @Test
    void goodFileReplacesAndNotifiesAndClearsTheError(@TempDir Path dir) throws Exception {
        CatalogStore store = CatalogStore.bundled();
        List<Catalog> changes = new ArrayList<>();
        store.onChange(changes::add);
        assertThat(store.load(dir.resolve("missing.json")).reason()).contains("cannot read");
        Path good = dir.resolve("services.json");
        Files.write(good, CatalogLoaderTest.edited(r -> r.put("version", "2025.2")));

        CatalogStore.Outcome outcome = store.load(good);

        assertThat(outcome.accepted()).isTrue();
        assertThat(store.current().version()).isEqualTo("2025.2");
        assertThat(changes).extracting(Catalog::version).containsExactly("2025.2");
        assertThat(store.lastError()).isEmpty();
    }
}
