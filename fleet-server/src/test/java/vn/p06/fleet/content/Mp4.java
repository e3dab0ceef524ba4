package vn.p06.fleet.content;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The smallest MP4 a parser takes for one: {@code ftyp} and a {@code moov} with its {@code mvhd}. */
public final class Mp4 {
    private Mp4() {
    }

    /** @param duration in {@code timescale} units, e.g. 90,000 at 1,000 per second = 90 s */
    public static byte[] withDuration(int duration, int timescale) {
        ByteBuffer ftyp = ByteBuffer.allocate(20);
        ftyp.putInt(20).put(ascii("ftyp")).put(ascii("isom")).putInt(0x200).put(ascii("isom"));
        ByteBuffer mvhd = ByteBuffer.allocate(108);
        mvhd.putInt(108).put(ascii("mvhd")).putInt(0) // version 0, flags
                .putInt(0).putInt(0) // creation, modification time
                .putInt(timescale).putInt(duration)
                .putInt(0x00010000).putShort((short) 0x0100) // rate 1.0, volume 1.0
                .put(new byte[10]);
        int[] matrix = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};
        for (int value : matrix) {
            mvhd.putInt(value);
        }
        mvhd.put(new byte[24]).putInt(2); // pre-defined, next track id
        ByteBuffer moov = ByteBuffer.allocate(8 + 108);
        moov.putInt(8 + 108).put(ascii("moov")).put(mvhd.array());
        ByteBuffer all = ByteBuffer.allocate(20 + moov.capacity());
        all.put(ftyp.array()).put(moov.array());
        return all.array();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
