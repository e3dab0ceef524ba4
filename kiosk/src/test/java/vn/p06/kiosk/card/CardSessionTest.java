package vn.p06.kiosk.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CardSessionTest {

    private static CardSession session(Authenticity a) {
        ChipFiles files = new ChipFiles();
        files.com(new byte[] {1, 2, 3});
        files.sod(new byte[] {4, 5, 6});
        files.dataGroup(1, new byte[] {7, 8});
        files.dataGroup(13, Dg13Bytes.resident().build());
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, 0xFFFFFF);
        CitizenData c = CitizenMapper.map(null, Dg13File.parse(files.dataGroup(13)));
        return new CardSession(a, ChipAuthentication.Outcome.NOT_SUPPORTED, "BAC", files, c, new FaceImage("image/jpeg", new byte[] {9, 9, 9}, img));
    }

    @Test
    void closingZeroesEveryArrayAndDropsTheData() {
        CardSession s = session(Authenticity.VERIFIED);
        byte[] com = s.files().com();
        byte[] sod = s.files().sod();
        byte[] dg13 = s.files().dataGroup(13);
        FaceImage face = s.face().orElseThrow();
        byte[] faceBytes = face.encodedArray();
        BufferedImage img = face.image().orElseThrow();

        s.close();
        s.close(); // idempotent

        assertThat(com).containsOnly(0);
        assertThat(sod).containsOnly(0);
        assertThat(dg13).containsOnly(0);
        assertThat(faceBytes).containsOnly(0);
        assertThat(img.getRGB(1, 1) & 0xFFFFFF).isZero();
        assertThat(face.image()).isEmpty();
        assertThat(s.files()).isNull();
        assertThat(s.isWiped()).isTrue();
        assertThatThrownBy(s::citizen).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::prefill).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void prefillMarksEveryCardFieldAndLeavesEmptyOnesToTheForm() {
        Map<FormField, PrefilledValue> form = session(Authenticity.VERIFIED).prefill();
        assertThat(form).containsKeys(FormField.FULL_NAME, FormField.ID_NUMBER, FormField.DATE_OF_BIRTH, FormField.SEX,
                FormField.NATIONALITY, FormField.ETHNICITY, FormField.RELIGION, FormField.PLACE_OF_ORIGIN,
                FormField.PLACE_OF_RESIDENCE, FormField.DATE_OF_ISSUE, FormField.DATE_OF_EXPIRY,
                FormField.FATHER_NAME, FormField.MOTHER_NAME, FormField.OLD_ID_NUMBER);
        assertThat(form).doesNotContainKey(FormField.SPOUSE_NAME);
        assertThat(form.values()).allMatch(v -> v.fromCard() && v.verified());
        assertThat(form.get(FormField.ETHNICITY).value()).isEqualTo("Kinh");
        assertThat(form.toString()).doesNotContain(TestCard.FULL_NAME, TestCard.ID_NUMBER);
        assertThat(session(Authenticity.CHAIN_UNKNOWN).prefill().values()).noneMatch(PrefilledValue::verified);
    }

    @Test
    void nothingPersonalInToString() {
        CardSession s = session(Authenticity.VERIFIED);
        assertThat(s.toString() + s.citizen() + s.face().orElseThrow())
                .doesNotContain(TestCard.FULL_NAME, TestCard.ID_NUMBER, "15/01/1985");
    }
}
