package vn.p06.kiosk.ui;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.media.Media;
import javafx.scene.media.MediaException;
import javafx.scene.media.MediaPlayer;
import javafx.scene.media.MediaView;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.catalog.Service;
import vn.p06.kiosk.catalog.ServiceText;

import java.net.URI;
import java.util.Optional;

/**
 * The tutorial video of one service with large play/pause, back/forward 10 s and a seek bar, and
 * subtitles in the current language when the content has them. A video that is missing or fails
 * to decode is replaced by the written guide, so the resident always leaves with the steps.
 * On leaving, {@code video.played} records the seconds actually watched and the outcome.
 */
final class VideoScreen implements Screen {
    private static final Logger LOG = LoggerFactory.getLogger(VideoScreen.class);
    private static final Duration JUMP = Duration.seconds(10);
    private final KioskUi ui;
    private final Service service;
    private final StackPane screen = new StackPane();
    private final HBox controls = new HBox();
    private final Label subtitle = new Label();
    private final Slider seek = new Slider();
    private final Label time = new Label();
    private MediaPlayer player;
    private Subtitles subtitles;
    private double watchedSeconds;
    private Duration lastPosition = Duration.ZERO;
    private String outcome = "played";
    private boolean seeking;

    VideoScreen(KioskUi ui, String serviceId) {
        this.ui = ui;
        this.service = ui.service(serviceId);
    }

    @Override
    public Node view() {
        I18n t = ui.i18n();
        Label title = KioskUi.heading(service.text(ui.lang()).title());
        screen.setId("video-area");
        screen.getStyleClass().add("video-area");
        VBox.setVgrow(screen, Priority.ALWAYS);
        subtitle.setId("subtitle");
        subtitle.getStyleClass().add("subtitle");
        subtitle.setWrapText(true);
        subtitle.setVisible(false);
        StackPane.setAlignment(subtitle, Pos.BOTTOM_CENTER);

        Button playPause = KioskUi.button("play-pause", t.t("video.pause"), this::togglePlay);
        playPause.getStyleClass().add("primary");
        Button back = KioskUi.button("back10", t.t("video.back10"), () -> jump(JUMP.negate()));
        Button forward = KioskUi.button("forward10", t.t("video.forward10"), () -> jump(JUMP));
        seek.setId("seek");
        time.setId("time");
        HBox.setHgrow(seek, Priority.ALWAYS);
        controls.getChildren().setAll(back, playPause, forward, seek, time);
        controls.getStyleClass().add("controls");
        controls.setAlignment(Pos.CENTER_LEFT);

        Optional<URI> uri = ui.media().video(service.videoId());
        if (uri.isEmpty()) {
            fallback("missing");
        } else {
            play(uri.get(), playPause);
        }
        VBox root = new VBox(title, screen, controls);
        root.setId("video");
        root.getStyleClass().add("screen");
        return root;
    }

    @Override
    public String prompt() {
        return ui.i18n().t("prompt.video");
    }

    private void play(URI uri, Button playPause) {
        subtitles = ui.media().subtitles(service.videoId(), ui.lang()).map(Subtitles::parse).orElse(null);
        try {
            Media media = new Media(uri.toString());
            MediaPlayer p = new MediaPlayer(media);
            player = p;
            p.setOnError(() -> failed(p, String.valueOf(p.getError())));
            media.setOnError(() -> failed(p, String.valueOf(media.getError())));
            p.setOnReady(() -> seek.setMax(media.getDuration().toSeconds()));
            p.statusProperty().addListener((o, a, s) -> playPause.setText(ui.i18n().t(
                    s == MediaPlayer.Status.PLAYING ? "video.pause" : "video.play")));
            p.currentTimeProperty().addListener((o, a, now) -> progress(now));
            seek.valueChangingProperty().addListener((o, a, changing) -> {
                seeking = changing;
                if (!changing) {
                    p.seek(Duration.seconds(seek.getValue()));
                }
            });
            seek.setOnMouseReleased(e -> p.seek(Duration.seconds(seek.getValue())));
            MediaView view = new MediaView(p);
            view.setId("media-view");
            view.setPreserveRatio(true);
            view.fitWidthProperty().bind(screen.widthProperty());
            view.fitHeightProperty().bind(screen.heightProperty());
            screen.getChildren().setAll(view, subtitle);
            p.setAutoPlay(true);
        } catch (MediaException e) {
            failed(null, e.toString());
        }
    }

    private void progress(Duration now) {
        double delta = now.subtract(lastPosition).toSeconds();
        // Count only normal playback, not jumps made by seeking.
        if (player != null && player.getStatus() == MediaPlayer.Status.PLAYING && delta > 0 && delta < 1.5) {
            watchedSeconds += delta;
        }
        lastPosition = now;
        if (!seeking) {
            seek.setValue(now.toSeconds());
        }
        time.setText(clock(now) + " / " + clock(player == null ? Duration.ZERO : player.getTotalDuration()));
        Optional<String> cue = subtitles == null ? Optional.empty() : subtitles.at(now);
        subtitle.setText(cue.orElse(""));
        subtitle.setVisible(cue.isPresent());
    }

    private static String clock(Duration d) {
        if (d == null || d.isUnknown() || d.isIndefinite()) {
            return "0:00";
        }
        long s = (long) d.toSeconds();
        return String.format("%d:%02d", s / 60, s % 60);
    }

    private void togglePlay() {
        if (player == null) {
            return;
        }
        if (player.getStatus() == MediaPlayer.Status.PLAYING) {
            player.pause();
        } else {
            player.play();
        }
    }

    private void jump(Duration by) {
        if (player != null) {
            Duration to = player.getCurrentTime().add(by);
            player.seek(to.lessThan(Duration.ZERO) ? Duration.ZERO : to);
        }
    }

    private void failed(MediaPlayer p, String why) {
        if (p != null && p != player) {
            return;
        }
        LOG.warn("tutorial {} cannot be played, showing the written guide: {}", service.videoId(), why);
        stopPlayer();
        fallback("failed");
    }

    /** The written guide in place of the video. */
    private void fallback(String why) {
        outcome = why;
        I18n t = ui.i18n();
        ServiceText text = service.text(ui.lang());
        Label message = new Label(t.t("missing".equals(why) ? "video.missing" : "video.failed"));
        message.setId("video-message");
        message.getStyleClass().add("badge");
        message.setWrapText(true);
        VBox guide = new VBox();
        guide.getStyleClass().add("details");
        addSteps(guide, t.t("service.online"), text.stepsOnline());
        addSteps(guide, t.t("service.desk"), text.stepsDesk());
        addSteps(guide, t.t("service.documentsPlain"), text.documents());
        ScrollPane scroll = new ScrollPane(guide);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox box = new VBox(message, scroll);
        box.setId("video-fallback");
        screen.getChildren().setAll(box);
        controls.setVisible(false);
        controls.setManaged(false);
    }

    private static void addSteps(VBox guide, String heading, java.util.List<String> lines) {
        Label h = new Label(heading);
        h.getStyleClass().add("h2");
        h.setWrapText(true);
        guide.getChildren().add(h);
        for (int i = 0; i < lines.size(); i++) {
            Label l = new Label((i + 1) + ". " + lines.get(i));
            l.setWrapText(true);
            guide.getChildren().add(l);
        }
    }

    private void stopPlayer() {
        if (player != null) {
            MediaPlayer p = player;
            player = null;
            p.stop();
            p.dispose();
        }
    }

    /** Seconds of normal playback so far. */
    long watchedSeconds() {
        return Math.round(watchedSeconds);
    }

    @Override
    public void dispose() {
        stopPlayer();
        ui.session().videoPlayed(service.id(), watchedSeconds(), outcome);
    }
}
