package vn.p06.kiosk.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tolerant DG13 parser on synthetic bytes (shared/design/cccd.md layout). */
class Dg13FileTest {

    @Test
    void readsEveryKnownFieldWithDiacritics() {
        Dg13 d = Dg13File.parse(Dg13Bytes.resident().build());
        assertThat(d.problems()).isEmpty();
        assertThat(d.text(Dg13.ID_NUMBER)).isEqualTo(TestCard.ID_NUMBER);
        assertThat(d.text(Dg13.FULL_NAME)).isEqualTo(TestCard.FULL_NAME);
        assertThat(d.text(Dg13.DATE_OF_BIRTH)).isEqualTo("15/01/1985");
        assertThat(d.text(Dg13.SEX)).isEqualTo("Nữ");
        assertThat(d.text(Dg13.RELIGION)).isEqualTo("Không");
        assertThat(d.text(Dg13.FAMILY, 0)).isEqualTo("Phạm Văn Bố Giả");
        assertThat(d.text(Dg13.FAMILY, 1)).isEqualTo("Lê Thị Mẹ Giả");
        assertThat(d.text(Dg13.SPOUSE)).isEmpty();
        assertThat(d.fields()).containsKey(15);
        assertThat(d.text(Dg13.OLD_ID_NUMBER)).isEqualTo("012345678");
    }

    @Test
    void keepsUnknownFieldNumbersAndUnknownValueTags() {
        byte[] bmp = "Ghi chú".getBytes(StandardCharsets.UTF_16BE);
        Dg13 d = Dg13File.parse(new Dg13Bytes().printable(1, TestCard.ID_NUMBER)
                .record(42, Dg13Bytes.tlv(0x1E, bmp))
                .record(43, Dg13Bytes.tlv(0x80, "x".getBytes(StandardCharsets.UTF_8)))
                .utf8(2, TestCard.FULL_NAME).build());
        assertThat(d.problems()).isEmpty();
        assertThat(d.fields().get(42)).containsExactly("Ghi chú");
        assertThat(d.fields().get(43)).containsExactly("x");
        assertThat(d.text(Dg13.FULL_NAME)).isEqualTo(TestCard.FULL_NAME);
        CitizenData c = CitizenMapper.map(null, d);
        assertThat(c.otherFields()).containsOnlyKeys(42, 43);
    }

    @Test
    void aBrokenRecordDoesNotHideTheRecordsAfterIt() {
        byte[] good1 = Dg13Bytes.tlv(0x30, Dg13Bytes.concat(new byte[] {2, 1, 1}, Dg13Bytes.tlv(0x13,
                TestCard.ID_NUMBER.getBytes(StandardCharsets.US_ASCII))));
        byte[] noNumber = Dg13Bytes.tlv(0x30, Dg13Bytes.tlv(0x0C, "??".getBytes(StandardCharsets.UTF_8)));
        byte[] lyingLength = {0x30, 0x7F, 0x02, 0x01, 0x05, 0x0C, 0x01, 'X'}; // says 127 bytes, has 6
        byte[] notASequence = Dg13Bytes.tlv(0x31, new byte[] {2, 1, 6});
        byte[] good2 = Dg13Bytes.tlv(0x30, Dg13Bytes.concat(new byte[] {2, 1, 2},
                Dg13Bytes.tlv(0x0C, TestCard.FULL_NAME.getBytes(StandardCharsets.UTF_8))));
        byte[] file = new Dg13Bytes().raw(good1).raw(noNumber).raw(notASequence).raw(lyingLength).raw(good2).build();

        Dg13 d = Dg13File.parse(file);

        assertThat(d.text(Dg13.ID_NUMBER)).isEqualTo(TestCard.ID_NUMBER);
        assertThat(d.text(Dg13.FULL_NAME)).isEqualTo(TestCard.FULL_NAME);
        assertThat(d.problems()).isNotEmpty()
                .allSatisfy(p -> assertThat(p).doesNotContain(TestCard.FULL_NAME, TestCard.ID_NUMBER));
    }

    @Test
    void aTruncatedFileYieldsTheCompleteRecords() {
        byte[] full = Dg13Bytes.resident().build();
        byte[] cut = Arrays.copyOf(full, full.length / 2);

        Dg13 d = Dg13File.parse(cut);

        assertThat(d.text(Dg13.ID_NUMBER)).isEqualTo(TestCard.ID_NUMBER);
        assertThat(d.text(Dg13.FULL_NAME)).isEqualTo(TestCard.FULL_NAME);
        assertThat(d.fields()).doesNotContainKey(Dg13.OLD_ID_NUMBER);
        assertThat(d.problems()).anyMatch(p -> p.contains("truncated"));
    }

    @Test
    void everyPrefixOfTheFileParsesWithoutThrowing() {
        byte[] full = Dg13Bytes.resident().build();
        for (int n = 0; n <= full.length; n++) {
            Dg13File.parse(Arrays.copyOf(full, n));
        }
    }

    @Test
    void garbageAndEmptyInputGiveProblemsNotExceptions() {
        assertThat(Dg13File.parse(new byte[0]).problems()).isNotEmpty();
        assertThat(Dg13File.parse(null).fields()).isEmpty();
        byte[] noise = new byte[512];
        new java.util.Random(13).nextBytes(noise);
        assertThat(Dg13File.parse(noise).problems()).isNotEmpty();
        assertThat(Dg13File.parse(new byte[] {0x6D, (byte) 0x84, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF})
                .problems()).isNotEmpty();
    }

    @Test
    void recordsWrappedInOneOuterSequenceAreFound() {
        byte[] inner = Dg13Bytes.resident().records();
        Dg13 d = Dg13File.parse(Dg13Bytes.tlv(0x6D, Dg13Bytes.tlv(0x30, inner)));
        assertThat(d.text(Dg13.FULL_NAME)).isEqualTo(TestCard.FULL_NAME);
    }

    @Test
    void toStringShowsNoValues() {
        Dg13 d = Dg13File.parse(Dg13Bytes.resident().build());
        assertThat(d.toString()).doesNotContain(TestCard.FULL_NAME, TestCard.ID_NUMBER);
        assertThat(CitizenMapper.map(null, d).toString()).isEqualTo("CitizenData[redacted]");
        assertThat(List.of(d.toString())).allMatch(s -> s.startsWith("Dg13["));
    }
}
