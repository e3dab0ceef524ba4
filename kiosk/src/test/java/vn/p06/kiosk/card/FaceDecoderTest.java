package vn.p06.kiosk.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FaceDecoderTest {

    @Test
    void decodesTheJpegFaceOfDg2() throws Exception {
        FaceImage face = FaceDecoder.decode(TestCard.dg2(120, 160));
        assertThat(face.mimeType()).isEqualTo("image/jpeg");
        assertThat(face.image()).hasValueSatisfying(i -> assertThat(i.getHeight()).isEqualTo(160));
    }

    @Test
    void decodesJpeg2000ThroughJaiImageio() throws Exception {
        BufferedImage img = new BufferedImage(64, 80, BufferedImage.TYPE_3BYTE_BGR);
        img.setRGB(10, 10, 0xFF0000);
        ByteArrayOutputStream jp2 = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, "jpeg2000", jp2)).as("a JPEG 2000 writer on the class path").isTrue();
        BufferedImage back = FaceDecoder.toImage(jp2.toByteArray());
        assertThat(back).isNotNull();
        assertThat(back.getWidth()).isEqualTo(64);
    }

    @Test
    void undecodableBytesGiveNoImageInsteadOfAnError() {
        assertThat(FaceDecoder.toImage(new byte[] {1, 2, 3})).isNull();
    }
}
