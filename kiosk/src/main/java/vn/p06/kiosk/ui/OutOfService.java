package vn.p06.kiosk.ui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.InputEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javax.imageio.ImageIO;
import vn.p06.kiosk.catalog.Lang;
import vn.p06.kiosk.command.KioskScreen;

/**
 * What remote commands do to the screen: the full "Tạm ngừng phục vụ / Temporarily out of service"
 * cover (both languages at once: nobody chooses a language on a kiosk that is out of service), which
 * swallows every touch, and a PNG snapshot of what residents see.
 */
final class OutOfService implements KioskScreen {
    private final StackPane root;
    private final VBox cover = new VBox();

    OutOfService(StackPane root) {
        this.root = root;
        cover.setId("out-of-service");
        cover.getStyleClass().add("out-of-service");
        cover.setAlignment(Pos.CENTER);
        for (Lang lang : Lang.values()) {
            Label title = new Label(I18n.bundle(lang).getString("maintenance.title"));
            title.getStyleClass().add("out-of-service-title");
            Label body = new Label(I18n.bundle(lang).getString("maintenance.body"));
            body.getStyleClass().add("out-of-service-body");
            cover.getChildren().addAll(title, body);
        }
        cover.addEventFilter(InputEvent.ANY, InputEvent::consume);
    }

    @Override
    public void outOfService(boolean on) {
        Platform.runLater(() -> {
            root.getChildren().remove(cover);
            if (on) {
                root.getChildren().add(cover);
            }
        });
    }

    @Override
    public byte[] capturePng() throws Exception {
        CompletableFuture<WritableImage> snapshot = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                snapshot.complete(root.snapshot(null, null));
            } catch (RuntimeException e) {
                snapshot.completeExceptionally(e);
            }
        });
        return png(snapshot.get(10, TimeUnit.SECONDS));
    }

    /** JavaFX image → PNG through ImageIO, without the javafx-swing module. */
    static byte[] png(WritableImage image) throws IOException {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] argb = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        java.awt.image.BufferedImage buffered = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        buffered.setRGB(0, 0, width, height, argb, 0, width);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(buffered, "png", out);
        return out.toByteArray();
    }
}
