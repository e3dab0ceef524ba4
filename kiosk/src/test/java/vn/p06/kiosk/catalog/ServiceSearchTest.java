package vn.p06.kiosk.catalog;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceSearchTest {
    static final ServiceSearch SEARCH = new ServiceSearch(CatalogStore.bundled().current());

    private static List<String> ids(String q) {
        return SEARCH.find(q).stream().map(Service::id).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dang ky tam tru", "tạm trú", "tam tru", "Đăng ký tạm trú", "ĐĂNG KÝ TẠM TRÚ",
            "dang ki tam tru", "tamtru", "  tam   tru ", "temporary residence", "tam trru"})
    void temporaryResidenceComesFirst(String query) {
        assertThat(ids(query)).first().isEqualTo("residence-temporary");
    }

    @ParameterizedTest
    @CsvSource({
            "khai sinh, birth-registration",
            "ho chieu, passport",
            "hộ khẩu, residence-permanent",
            "cmnd, cccd-confirm-cmnd",
            "bằng lái xe, driving-licence",
            "phat nguoi, traffic-fine-camera",
            "that nghiep, unemployment-benefit",
            "passport, passport",
            "so do, land-change",
            "ket hon, marriage-registration"})
    void commonWordsFindTheService(String query, String expected) {
        assertThat(ids(query)).first().isEqualTo(expected);
    }

    @Test
    void tamTruDoesNotReturnUnrelatedServices() {
        assertThat(ids("tam tru")).doesNotContain("passport", "marriage-registration", "land-change");
    }

    @Test
    void blankAndNonsenseFindNothing() {
        assertThat(ids("")).isEmpty();
        assertThat(ids("   ")).isEmpty();
        assertThat(ids("xyzzy qwerty")).isEmpty();
    }

    @Test
    void normalizeFoldsDiacriticsDAndY() {
        assertThat(ServiceSearch.normalize("Đăng ký Tạm-trú!")).isEqualTo("dang ki tam tru");
        assertThat(ServiceSearch.normalize("Người ở")).isEqualTo("nguoi o");
    }

    @Test
    void oneEdit() {
        assertThat(ServiceSearch.withinOneEdit("thuong", "thuongg")).isTrue();
        assertThat(ServiceSearch.withinOneEdit("thuong", "thoung")).isFalse();
        assertThat(ServiceSearch.withinOneEdit("chieu", "chiu")).isTrue();
    }
}
