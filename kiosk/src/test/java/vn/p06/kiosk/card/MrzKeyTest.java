package vn.p06.kiosk.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.sf.scuba.data.Gender;
import org.jmrtd.lds.icao.MRZInfo;
import org.junit.jupiter.api.Test;

class MrzKeyTest {

    @Test
    void checkDigitsFollowIcao9303() {
        // The specimen of ICAO 9303 part 4: L898902C3 <6>, 740812 <2>, 120415 <9>.
        assertThat(MrzKey.checkDigit("L898902C3")).isEqualTo('6');
        assertThat(MrzKey.checkDigit("740812")).isEqualTo('2');
        assertThat(MrzKey.checkDigit("120415")).isEqualTo('9');
        assertThat(MrzKey.checkDigit(TestCard.DOCUMENT_NUMBER)).isEqualTo(MRZInfo.checkDigit(TestCard.DOCUMENT_NUMBER));
    }

    @Test
    void typedFieldsWithRightCheckDigitsMakeTheKey() throws Exception {
        MrzKey key = MrzKey.checked("185012345", cd("185012345"), "850115", cd("850115"), "450115", cd("450115"));
        assertThat(key).isEqualTo(TestCard.KEY);
    }

    @Test
    void aWrongCheckDigitNamesExactlyThatField() {
        assertThatThrownBy(() -> MrzKey.checked("185012345", cd("185012345"), "850116", cd("850115"), "450115",
                cd("450115")))
                .isInstanceOfSatisfying(MrzKeyException.class,
                        e -> assertThat(e.fields()).containsExactly(MrzField.DATE_OF_BIRTH));
        assertThatThrownBy(() -> MrzKey.checked("185012354", cd("185012345"), "850115", cd("850115"), "450115",
                cd("450116")))
                .isInstanceOfSatisfying(MrzKeyException.class, e -> assertThat(e.fields())
                        .containsExactly(MrzField.DOCUMENT_NUMBER, MrzField.DATE_OF_EXPIRY));
    }

    @Test
    void anImpossibleDateIsWrongEvenWithAMatchingCheckDigit() {
        assertThatThrownBy(() -> MrzKey.checked("185012345", cd("185012345"), "851315", cd("851315"), "450115",
                cd("450115")))
                .isInstanceOfSatisfying(MrzKeyException.class,
                        e -> assertThat(e.fields()).containsExactly(MrzField.DATE_OF_BIRTH));
    }

    @Test
    void theThreeTd1LinesGiveTheKeyAndABadLineIsRefused() throws Exception {
        String mrz = new MRZInfo("ID", "VNM", TestCard.DOCUMENT_NUMBER, TestCard.ID_NUMBER, TestCard.DOB,
                Gender.FEMALE, TestCard.DOE, "VNM", "", "PHAM", "THI<THU<NGHIEM").toString();
        assertThat(MrzKey.fromTd1(mrz)).isEqualTo(TestCard.KEY);
        String dobWithCheck = TestCard.DOB + cd(TestCard.DOB);
        assertThatThrownBy(() -> MrzKey.fromTd1(mrz.replace(dobWithCheck, "850116" + cd(TestCard.DOB))))
                .isInstanceOfSatisfying(MrzKeyException.class,
                        e -> assertThat(e.fields()).containsExactly(MrzField.DATE_OF_BIRTH));
        assertThatThrownBy(() -> MrzKey.fromTd1("not an mrz")).isInstanceOf(MrzKeyException.class);
    }

    @Test
    void keysNeverPrintTheirDigits() {
        assertThat(TestCard.KEY.toString()).doesNotContain(TestCard.DOCUMENT_NUMBER, TestCard.DOB, TestCard.DOE);
        assertThat(new CanKey("123456").toString()).doesNotContain("123456");
        assertThatThrownBy(() -> new CanKey("12345")).isInstanceOf(IllegalArgumentException.class);
    }

    private static char cd(String s) {
        return MRZInfo.checkDigit(s);
    }
}
