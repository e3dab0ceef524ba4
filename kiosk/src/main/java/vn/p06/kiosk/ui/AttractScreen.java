package vn.p06.kiosk.ui;

import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.media.Media;
import javafx.scene.media.MediaException;
import javafx.scene.media.MediaPlayer;
import javafx.scene.media.MediaView;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URL;
import java.util.Optional;

/**
 * The attract loop: images and videos in turn while nobody uses the kiosk, "touch to start" over
 * them. A video that is missing or fails to decode shows the text card for a while instead, and
 * the loop goes on. Each item shown is proof of play ({@code content.played}): completed when it
 * ran its time or its video ended, skipped when a touch, a decode failure or leaving cut it short.
 */
final class AttractScreen implements Screen {
    private static final Logger LOG = LoggerFactory.getLogger(AttractScreen.class);
    /** How long the text card replaces a video that cannot be played. */
    static final Duration TEXT_CARD = Duration.seconds(10);
    private final KioskUi ui;
    private final StackPane stage = new StackPane();
    private final PauseTransition next = new PauseTransition();
    private MediaPlayer player;
    /** The item on screen and since when; null while the text card shows. */
    private Playlist.Item playing;
    private java.time.Instant playingSince;
    private int index = -1;
    private boolean disposed;

    AttractScreen(KioskUi ui) {
        this.ui = ui;
    }

    @Override
    public Node view() {
        I18n t = ui.i18n();
        stage.getStyleClass().add("attract-media");
        Label headline = new Label(t.t("attract.headline"));
        headline.setId("attract-headline");
        headline.getStyleClass().add("attract-headline");
        headline.setWrapText(true);
        Label touch = new Label(t.t("attract.touch"));
        touch.setId("attract-touch");
        touch.getStyleClass().add("attract-touch");
        touch.setWrapText(true);
        VBox overlay = new VBox(headline, touch);
        overlay.getStyleClass().add("attract-overlay");
        overlay.setAlignment(Pos.BOTTOM_CENTER);
        overlay.setMouseTransparent(true);
        StackPane root = new StackPane(stage, overlay);
        if (ui.takeThanks()) {
            Label thanks = new Label(t.t("attract.thanks"));
            thanks.setId("attract-thanks");
            thanks.getStyleClass().add("attract-thanks");
            StackPane.setAlignment(thanks, Pos.TOP_CENTER);
            root.getChildren().add(thanks);
            PauseTransition fade = new PauseTransition(Duration.seconds(6));
            fade.setOnFinished(e -> root.getChildren().remove(thanks));
            fade.play();
        }
        root.setId("attract");
        root.getStyleClass().add("attract");
        root.setOnMousePressed(e -> ui.wake());
        root.setOnTouchPressed(e -> ui.wake());
        next.setOnFinished(e -> advance());
        advance();
        return root;
    }

    @Override
    public boolean showsBar() {
        return false;
    }

    private void advance() {
        if (disposed) {
            return;
        }
        played(true);
        stopPlayer();
        Playlist playlist = ui.attractPlaylist();
        index = (index + 1) % playlist.items().size();
        Playlist.Item item = playlist.items().get(index);
        Duration length = Duration.seconds(item.seconds().toSeconds());
        try {
            if (item.kind() == Playlist.Kind.IMAGE) {
                showImage(item.source());
                startPlay(item);
                schedule(length);
            } else {
                playVideo(item, length);
            }
        } catch (RuntimeException e) {
            // A bad playlist entry must not stop the loop.
            LOG.warn("attract item {} failed: {}", item.source(), e.toString());
            played(false);
            showTextCard();
            schedule(TEXT_CARD);
        }
    }

    private void startPlay(Playlist.Item item) {
        playing = item;
        playingSince = ui.ports().clock().instant();
    }

    /** Ends the proof of play of the item on screen, if any. */
    private void played(boolean completed) {
        if (playing == null) {
            return;
        }
        long seconds = java.time.Duration.between(playingSince, ui.ports().clock().instant()).toSeconds();
        ui.session().contentPlayed(playing.item(), playing.release(), playingSince, Math.max(0, seconds), completed);
        playing = null;
    }

    private void showImage(String source) {
        URL resource = source.startsWith("/") ? AttractScreen.class.getResource(source) : null;
        String url = resource != null ? resource.toExternalForm() : source;
        Image image = new Image(url, false);
        if (image.isError()) {
            throw new IllegalStateException("image " + source + " unreadable", image.getException());
        }
        ImageView view = new ImageView(image);
        view.setPreserveRatio(true);
        view.fitWidthProperty().bind(stage.widthProperty());
        view.fitHeightProperty().bind(stage.heightProperty());
        view.setId("attract-image");
        stage.getChildren().setAll(view);
    }

    private void playVideo(Playlist.Item item, Duration atMost) {
        Optional<URI> uri = ui.media().video(item.source());
        if (uri.isEmpty()) {
            showTextCard();
            schedule(TEXT_CARD);
            return;
        }
        try {
            Media media = new Media(uri.get().toString());
            MediaPlayer p = new MediaPlayer(media);
            player = p;
            p.setMute(true);
            p.setOnError(() -> videoFailed(p, String.valueOf(p.getError())));
            media.setOnError(() -> videoFailed(p, String.valueOf(media.getError())));
            p.setOnEndOfMedia(this::advance);
            MediaView view = new MediaView(p);
            view.setPreserveRatio(true);
            view.fitWidthProperty().bind(stage.widthProperty());
            view.fitHeightProperty().bind(stage.heightProperty());
            view.setId("attract-video");
            stage.getChildren().setAll(view);
            p.setAutoPlay(true);
            startPlay(item);
            schedule(atMost);
        } catch (MediaException e) {
            videoFailed(null, e.toString());
        }
    }

    private void videoFailed(MediaPlayer p, String why) {
        if (disposed || (p != null && p != player)) {
            return;
        }
        LOG.warn("attract video failed, showing the text card: {}", why);
        played(false);
        stopPlayer();
        showTextCard();
        schedule(TEXT_CARD);
    }

    private void showTextCard() {
        I18n t = ui.i18n();
        Label title = KioskUi.heading(t.t("attract.card.title"));
        Label body = new Label(t.t("attract.card.body"));
        body.setWrapText(true);
        VBox card = new VBox(title, body);
        card.setId("attract-text");
        card.getStyleClass().add("attract-card");
        card.setAlignment(Pos.CENTER);
        stage.getChildren().setAll(card);
    }

    private void schedule(Duration after) {
        next.stop();
        next.setDuration(after);
        next.playFromStart();
    }

    private void stopPlayer() {
        if (player != null) {
            MediaPlayer p = player;
            player = null;
            p.stop();
            p.dispose();
        }
    }

    @Override
    public void dispose() {
        // A touch (or a fault) leaves the loop mid-item.
        played(false);
        disposed = true;
        next.stop();
        stopPlayer();
    }
}
