package vn.p06.kiosk.ui;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DiacriticsTest {

    @ParameterizedTest
    @CsvSource({
            "tam, NANG, tạm", "tru, SAC, trú", "dang ky, SAC, dang ký", "hoa, HUYEN, hòa", "mua, HUYEN, mùa",
            "toan, SAC, toán", "ngoai, HUYEN, ngoài", "quan, HUYEN, quàn", "qua, SAC, quá", "gia, SAC, giá",
            "gi, HUYEN, gì", "thươ, HOI, thưở", "người, SAC, ngưới", "tuân, NGA, tuẫn", "khuyên, SAC, khuyến",
            "thương, HUYEN, thường", "lưu, NGA, lữu", "Đăng, SAC, Đắng"})
    void toneGoesOnTheRightVowel(String before, Diacritics.Tone tone, String after) {
        assertThat(Diacritics.applyTone(before, tone)).isEqualTo(after);
    }

    @Test
    void sameToneTwiceRemovesItAnotherToneReplacesIt() {
        assertThat(Diacritics.applyTone("tạm", Diacritics.Tone.NANG)).isEqualTo("tam");
        assertThat(Diacritics.applyTone("tạm", Diacritics.Tone.SAC)).isEqualTo("tám");
    }

    @Test
    void noVowelOrTrailingSpaceChangesNothing() {
        assertThat(Diacritics.applyTone("nhg", Diacritics.Tone.SAC)).isEqualTo("nhg");
        assertThat(Diacritics.applyTone("tam ", Diacritics.Tone.SAC)).isEqualTo("tam ");
        assertThat(Diacritics.applyTone("", Diacritics.Tone.SAC)).isEmpty();
    }
}
