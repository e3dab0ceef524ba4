package vn.p06.kiosk.card;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.jmrtd.lds.icao.DG2File;
import org.jmrtd.lds.iso19794.FaceImageInfo;
import org.jmrtd.lds.iso19794.FaceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DG2 to a {@link FaceImage}. JPEG is decoded by the JDK; JPEG 2000 (used by many eMRTDs) by
 * jai-imageio-jpeg2000, which registers itself with ImageIO from the class path.
 */
final class FaceDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FaceDecoder.class);

    private FaceDecoder() {
    }

    static FaceImage decode(byte[] dg2) throws IOException {
        DG2File file = new DG2File(new ByteArrayInputStream(dg2));
        List<FaceInfo> infos = file.getFaceInfos();
        if (infos.isEmpty() || infos.get(0).getFaceImageInfos().isEmpty()) {
            throw new IOException("DG2 holds no face image");
        }
        FaceImageInfo info = infos.get(0).getFaceImageInfos().get(0);
        byte[] encoded;
        try (InputStream in = info.getImageInputStream()) {
            encoded = in.readAllBytes();
        }
        String mime = info.getImageDataType() == FaceImageInfo.IMAGE_DATA_TYPE_JPEG2000 ? "image/jp2" : "image/jpeg";
        return new FaceImage(mime, encoded, toImage(encoded));
    }

    /** Null when no ImageIO reader understands the bytes; the caller still keeps them. */
    static BufferedImage toImage(byte[] encoded) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(encoded));
            if (img == null) {
                LOG.warn("face image: no decoder for these bytes ({} bytes)", encoded.length);
            }
            return img;
        } catch (IOException | RuntimeException e) {
            LOG.warn("face image could not be decoded: {}", e.getClass().getSimpleName());
            return null;
        }
    }
}
