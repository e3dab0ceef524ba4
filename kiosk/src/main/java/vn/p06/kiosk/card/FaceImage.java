package vn.p06.kiosk.card;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The face from DG2: the encoded bytes as stored on the chip (JPEG or JPEG 2000) and the decoded
 * image (JavaFX shows it through {@code SwingFXUtils.toFXImage}). Wiped with its session: bytes
 * and pixels are zeroed.
 */
public final class FaceImage {
    private final String mimeType;
    private final byte[] encoded;
    private BufferedImage image;

    FaceImage(String mimeType, byte[] encoded, BufferedImage image) {
        this.mimeType = mimeType;
        this.encoded = encoded;
        this.image = image;
    }

    /** {@code image/jpeg} or {@code image/jp2}. */
    public String mimeType() {
        return mimeType;
    }

    /** A copy of the encoded bytes. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** Empty when no decoder could read the image (the bytes are still there). */
    public Optional<BufferedImage> image() {
        return Optional.ofNullable(image);
    }

    /** The array itself, for the wipe test. */
    byte[] encodedArray() {
        return encoded;
    }

    void wipe() {
        Arrays.fill(encoded, (byte) 0);
        BufferedImage img = image;
        image = null;
        if (img != null) {
            DataBuffer buffer = img.getRaster().getDataBuffer();
            for (int bank = 0; bank < buffer.getNumBanks(); bank++) {
                for (int i = 0; i < buffer.getSize(); i++) {
                    buffer.setElem(bank, i, 0);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "FaceImage[" + mimeType + ", " + encoded.length + " bytes]";
    }
}
