package vn.p06.kiosk.card;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds synthetic DG13 bytes in the layout of shared/design/cccd.md: {@code 6D LL (30 LL 02 01 NN value)*}. */
final class Dg13Bytes {
    private final ByteArrayOutputStream records = new ByteArrayOutputStream();

    Dg13Bytes utf8(int field, String text) {
        return record(field, tlv(0x0C, text.getBytes(StandardCharsets.UTF_8)));
    }

    Dg13Bytes printable(int field, String text) {
        return record(field, tlv(0x13, text.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Field 13: a nested sequence with father's then mother's name. */
    Dg13Bytes family(String father, String mother) {
        return record(13, tlv(0x30, concat(tlv(0x0C, father.getBytes(StandardCharsets.UTF_8)),
                tlv(0x0C, mother.getBytes(StandardCharsets.UTF_8)))));
    }

    Dg13Bytes record(int field, byte[] value) {
        return raw(tlv(0x30, concat(new byte[] {0x02, 0x01, (byte) field}, value)));
    }

    Dg13Bytes raw(byte[] bytes) {
        records.writeBytes(bytes);
        return this;
    }

    /** The records without the 0x6D header. */
    byte[] records() {
        return records.toByteArray();
    }

    byte[] build() {
        return tlv(0x6D, records.toByteArray());
    }

    /** The synthetic resident used across the card tests (invented; ID with a Hà Nội / 20th-century-female prefix). */
    static Dg13Bytes resident() {
        return new Dg13Bytes()
                .printable(1, TestCard.ID_NUMBER)
                .utf8(2, TestCard.FULL_NAME)
                .printable(3, "15/01/1985")
                .utf8(4, "Nữ")
                .utf8(5, "Việt Nam")
                .utf8(6, "Kinh")
                .utf8(7, "Không")
                .utf8(8, "Xã Thử Nghiệm, Huyện Mẫu, Tỉnh Giả Định")
                .utf8(9, "Số 1 Ngõ Mẫu, Phường Thử, Quận Giả, Hà Nội")
                .utf8(10, "Nốt ruồi giả C:1cm trên mép phải")
                .printable(11, "01/07/2021")
                .printable(12, "15/01/2045")
                .family("Phạm Văn Bố Giả", "Lê Thị Mẹ Giả")
                .utf8(14, "")
                .record(15, new byte[0])
                .printable(16, "012345678");
    }

    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
