package vn.p06.kiosk.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CccdQrTest {
    private static final String QR = TestCard.ID_NUMBER + "|012345678|" + TestCard.FULL_NAME
            + "|15011985|Nữ|Số 1 Ngõ Mẫu, Phường Thử, Quận Giả, Hà Nội|01072021";

    @Test
    void parsesTheFrontQrAndMakesTheChipKeyWithTheExpiryFromTheCard() {
        CccdQr qr = CccdQr.parse(QR).orElseThrow();
        assertThat(qr.idNumber()).isEqualTo(TestCard.ID_NUMBER);
        assertThat(qr.oldIdNumber()).isEqualTo("012345678");
        assertThat(qr.fullName()).isEqualTo(TestCard.FULL_NAME);
        assertThat(qr.dateOfBirth()).isEqualTo(LocalDate.of(1985, 1, 15));
        assertThat(qr.dateOfIssue()).isEqualTo(LocalDate.of(2021, 7, 1));
        assertThat(qr.documentNumber()).isEqualTo(TestCard.DOCUMENT_NUMBER);
        assertThat(qr.accessKey(LocalDate.of(2045, 1, 15))).isEqualTo(TestCard.KEY);
        assertThat(qr.toString()).doesNotContain(TestCard.ID_NUMBER, TestCard.FULL_NAME);
    }

    @Test
    void toleratesAnEmptyOldIdAndExtraFields() {
        assertThat(CccdQr.parse(QR.replace("|012345678|", "||") + "|extra")).hasValueSatisfying(
                qr -> assertThat(qr.oldIdNumber()).isEmpty());
    }

    @Test
    void refusesTextThatIsNotACccdQr() {
        assertThat(CccdQr.parse("https://dichvucong.gov.vn")).isEmpty();
        assertThat(CccdQr.parse(QR.replace("15011985", "31021985"))).isEmpty();
        assertThat(CccdQr.parse("12345|x|y|15011985|Nam|z|01072021")).isEmpty();
        assertThat(CccdQr.parse(null)).isEmpty();
    }
}
