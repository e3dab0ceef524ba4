package vn.p06.kiosk.ui;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QrCodesTest {

    @Test
    void theQrDecodesBackToThePortalAddress() throws Exception {
        String url = "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html?lang=vi";
        Image img = QrCodes.image(url, 220);
        assertThat(img.getWidth()).isEqualTo(220);
        var bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(SwingFXUtils.fromFXImage(img, null))));
        assertThat(new QRCodeReader().decode(bitmap).getText()).isEqualTo(url);
    }
}
