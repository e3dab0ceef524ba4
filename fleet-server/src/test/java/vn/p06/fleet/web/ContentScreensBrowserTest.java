package vn.p06.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import vn.p06.fleet.TestFleet;
import vn.p06.fleet.content.Mp4;
import vn.p06.fleet.content.SimKiosk;
import vn.p06.protocol.Body;
import vn.p06.protocol.content.ManifestCodec;

/**
 * The content screens in real headless Chromium against the real server (HTTP over loopback,
 * embedded broker, real store) with two simulated kiosks ({@link SimKiosk}: Paho clients with
 * their own credentials that take their retained desired state, fetch and verify the signed
 * manifest and blobs, and report downloading → verified → active).
 * <p>
 * Screenshots: {@code -Ddashboard.screenshots=$PWD/docs/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContentScreensBrowserTest {
    private static final String PASSWORD = BrowserFleet.PASSWORD;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KIOSK_1 = "26734-001";
    private static final String KIOSK_2 = "26734-002";
    private static final String RELEASE_1 = "2026.11.23-1";
    private static final String RELEASE_2 = "2026.11.23-2";

    @TempDir
    static Path dir;
    @TempDir
    static Path files;
    static BrowserFleet setup;
    static TestFleet fleet;
    static HeadlessChromium browser;
    static SimKiosk kiosk1;
    static SimKiosk kiosk2;
    static Path video;
    static Path poster;

    @BeforeAll
    static void start() throws Exception {
        setup = BrowserFleet.start(dir);
        fleet = setup.fleet;
        browser = setup.browser;
        kiosk1 = setup.contentKiosk(KIOSK_1);
        kiosk2 = setup.contentKiosk(KIOSK_2);
        video = files.resolve("khai-sinh.mp4");
        Files.write(video, videoOfMiB(3.5));
        poster = files.resolve("poster.png");
        Files.write(poster, png(640, 360));
    }

    /** A 90 s MP4 header and an {@code mdat} of random bytes: a video-sized file the server measures. */
    private static byte[] videoOfMiB(double mib) {
        byte[] header = Mp4.withDuration(90_000, 1000);
        byte[] payload = new byte[(int) (mib * 1024 * 1024)];
        new Random(42).nextBytes(payload);
        return ByteBuffer.allocate(header.length + 8 + payload.length).put(header)
                .putInt(8 + payload.length).put("mdat".getBytes(StandardCharsets.US_ASCII)).put(payload).array();
    }

    private static byte[] png(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(0x1f3a5f));
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(Color.ORANGE);
        graphics.fillOval(width / 4, height / 4, width / 2, height / 2);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @AfterAll
    static void stop() throws Exception {
        if (setup != null) {
            setup.close();
        }
    }

    private static WebElement byId(String id) {
        return browser.driver.findElement(By.id(id));
    }

    private static void scrollTo(String id) {
        browser.script("document.getElementById(arguments[0]).scrollIntoView()", id);
    }

    private static WebSession session(String username) throws Exception {
        WebSession session = new WebSession(fleet.httpUrl());
        assertThat(session.login(username, PASSWORD).statusCode()).isEqualTo(200);
        return session;
    }

    private static JsonNode blobNamed(String name) throws Exception {
        WebSession trainer = session("trainer-minh");
        for (JsonNode blob : trainer.json(trainer.get("/api/content/blobs"))) {
            if (blob.get("name").asText().equals(name)) {
                return blob;
            }
        }
        throw new AssertionError("no blob " + name);
    }

    private static void submit(String buttonId) {
        byId(buttonId).click();
    }

    private static String message() {
        return byId("message").getText();
    }

    private static void setTime(String css, String value) {
        browser.script("const input = document.querySelector(arguments[0]); input.value = arguments[1];"
                + "input.dispatchEvent(new Event('change'));", css, value);
    }

    @Test
    @Order(1)
    void aTrainerUploadsAVideoWithProgressThatResumesAfterALostChunk() throws Exception {
        browser.logIn("trainer-minh", PASSWORD);
        browser.open("/ui/content.html");
        browser.loaded();
        // Record every value the bar takes, and lose the answer to the second PATCH after the server
        // has taken its bytes (a dropped link): only asking the server (HEAD) for its offset recovers.
        browser.script("""
                window.__progress = [];
                new MutationObserver(() => window.__progress.push(Number(document.getElementById('upload-progress').value)))
                  .observe(document.getElementById('upload-progress'), { attributes: true });
                const realFetch = window.fetch;
                let patches = 0;
                window.__heads = 0;
                window.fetch = async (url, init) => {
                  if (init?.method === 'HEAD') window.__heads++;
                  const response = await realFetch(url, init);
                  if (init?.method === 'PATCH' && ++patches === 2) throw new TypeError('Failed to fetch');
                  return response;
                };""");
        byId("upload-file").sendKeys(video.toString());
        submit("upload-start");
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("upload-done")));

        assertThat(byId("upload-percent").getText()).isEqualTo("100 %");
        assertThat(byId("upload-done").getText()).contains("khai-sinh.mp4").contains("video/mp4").contains("1:30");
        @SuppressWarnings("unchecked")
        List<Long> seen = (List<Long>) browser.script("return window.__progress");
        assertThat(seen).anyMatch(p -> p > 0 && p < 100).last().isEqualTo(100L);
        assertThat((Long) browser.script("return window.__heads")).isGreaterThanOrEqualTo(1);
        JsonNode stored = blobNamed("khai-sinh.mp4");
        assertThat(stored.get("sha256").asText()).isEqualTo(ManifestCodec.sha256Hex(Files.readAllBytes(video)));
        assertThat(stored.get("size").asLong()).isEqualTo(Files.size(video));
        browser.waiting().until(d -> browser.text("#blob-" + stored.get("sha256").asText() + " td.duration").equals("1:30"));
        browser.screenshot("content-upload");

        byId("upload-file").sendKeys(poster.toString());
        submit("upload-start");
        browser.waiting().until(d -> browser.text("#upload-done").contains("poster.png"));
        assertThat(browser.text("#upload-done")).contains("640×360");
        String posterSha = blobNamed("poster.png").get("sha256").asText();
        browser.waiting().until(d -> Boolean.TRUE.equals(browser.script(
                "const img = document.querySelector(arguments[0]); return img !== null && img.complete && img.naturalWidth > 0",
                "#blob-" + posterSha + " img.thumbnail")));
    }

    @Test
    @Order(2)
    void aPlaylistIsBuiltReorderedAndScheduledWithTheServersValidationShown() throws Exception {
        String videoSha = blobNamed("khai-sinh.mp4").get("sha256").asText();
        String posterSha = blobNamed("poster.png").get("sha256").asText();
        byId("playlist-new-name").sendKeys("attract");
        submit("playlist-new");
        new Select(byId("playlist-add-blob")).selectByValue(videoSha);
        submit("playlist-add");
        new Select(byId("playlist-add-blob")).selectByValue(posterSha);
        submit("playlist-add");
        browser.driver.findElements(By.cssSelector("#playlist-items tbody tr")).get(1).findElement(By.cssSelector("button.up")).click();
        assertThat(browser.text("#playlist-items tbody tr:first-child td.name")).isEqualTo("poster.png");
        submit("schedule-add");
        setTime("#schedule tbody tr input.from", "18:00");
        setTime("#schedule tbody tr input.to", "08:00");
        submit("playlist-save");
        browser.waiting().until(d -> message().contains("window must end after it starts"));
        assertThat(byId("message").getAttribute("class")).isEqualTo("error");

        setTime("#schedule tbody tr input.from", "07:30");
        setTime("#schedule tbody tr input.to", "17:00");
        submit("playlist-save");
        browser.waiting().until(d -> message().equals("Đã lưu danh sách phát attract."));
        JsonNode saved = session("viewer-hoa").json(session("viewer-hoa").get("/api/content/playlists/attract"));
        assertThat(saved.get("items").get(0).get("sha256").asText()).isEqualTo(posterSha);
        assertThat(saved.get("items").get(0).get("seconds").asInt()).isEqualTo(10);
        assertThat(saved.get("items").get(1).get("sha256").asText()).isEqualTo(videoSha);
        assertThat(saved.get("schedule").get(0).get("from").asText()).isEqualTo("07:30");
        assertThat(saved.get("schedule").get(0).get("days").toString()).isEqualTo("[1,2,3,4,5]");
        scrollTo("playlist-select");
        browser.screenshot("content-playlist");
    }

    private static void createRelease(String name) {
        byId("release-name").sendKeys(name);
        WebElement attract = byId("release-playlists").findElement(By.cssSelector("input[value=attract]"));
        if (!attract.isSelected()) {
            attract.click();
        }
        submit("release-create");
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("release-" + name)));
    }

    @Test
    @Order(3)
    void releasesAreCreatedListedAndComparedWithThePreviousOne() throws Exception {
        createRelease(RELEASE_1);
        assertThat(byId("release-" + RELEASE_1).getText()).contains("2").contains("MB");
        // drop the poster and publish again: the diff names exactly that blob as removed
        browser.driver.findElement(By.cssSelector("#playlist-items tbody tr:first-child button.remove")).click();
        submit("playlist-save");
        browser.waiting().until(d -> message().startsWith("Đã lưu"));
        createRelease(RELEASE_2);
        byId("release-" + RELEASE_2).findElement(By.cssSelector("button.diff")).click();
        browser.waiting().until(d -> browser.text("#diff-summary").startsWith("0 tệp mới, 1 tệp bỏ đi"));
        assertThat(browser.text("#diff")).contains("− poster.png");
    }

    private static String phaseOf(String kioskId) {
        return browser.text("#rk-" + kioskId + " td.phase");
    }

    private static void startRollout(String release, String canary) {
        new Select(byId("rollout-release")).selectByValue(release);
        new Select(byId("rollout-group")).selectByValue("tan-dinh");
        byId("rollout-canary").clear();
        byId("rollout-canary").sendKeys(canary);
        byId("rollout-waves").clear();
        byId("rollout-waves").sendKeys("100");
        submit("rollout-start");
        browser.waiting().until(d -> message().startsWith("Đã bắt đầu triển khai"));
    }

    private static String lastDesired(SimKiosk kiosk) {
        List<Body.DesiredState> desired = kiosk.desired();
        return desired.isEmpty() ? null : desired.get(desired.size() - 1).release();
    }

    @Test
    @Order(4)
    void aRolloutToTwoKiosksShowsLiveProgressUntilBothAreActiveAndItCompletes() throws Exception {
        byId("group-name").sendKeys("tan-dinh");
        byId("group-communes").sendKeys("26734");
        submit("group-save");
        browser.waiting().until(d -> browser.text("#groups").contains("tan-dinh"));
        startRollout(RELEASE_2, "1");
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("rollout-detail")));
        browser.waiting().until(d -> phaseOf(KIOSK_2).equals("Chờ đến đợt"));

        await().atMost(WAIT).until(() -> RELEASE_2.equals(lastDesired(kiosk1)));
        kiosk1.sync();
        browser.waiting().until(d -> phaseOf(KIOSK_1).equals("Đang dùng"));
        assertThat(browser.text("#rk-" + KIOSK_1 + " td.percent")).isEqualTo("100 %");
        // the engine opens the next wave on its own tick once the canary is active
        await().atMost(WAIT).until(() -> RELEASE_2.equals(lastDesired(kiosk2)));
        kiosk2.sync();
        browser.waiting().until(d -> phaseOf(KIOSK_2).equals("Đang dùng") && browser.text("#rollout-state").equals("Hoàn tất"));
        assertThat(browser.text("#count-active")).startsWith("2");
        assertThat(kiosk1.active()).isEqualTo(RELEASE_2);
        assertThat(kiosk2.active()).isEqualTo(RELEASE_2);
        scrollTo("rollouts");
        browser.screenshot("content-rollout");
    }

    @Test
    @Order(5)
    void pauseResumeAndRollbackButtonsDriveTheRollout() throws Exception {
        startRollout(RELEASE_1, "1");
        await().atMost(WAIT).until(() -> RELEASE_1.equals(lastDesired(kiosk1)));
        long id = Long.parseLong(browser.text("#rollouts tbody tr.selected td:first-child"));
        WebSession viewer = session("viewer-hoa");

        submit("rollout-pause");
        browser.waiting().until(d -> browser.text("#rollout-state").equals("Tạm dừng"));
        assertThat(viewer.json(viewer.get("/api/content/rollouts/" + id)).get("state").asText()).isEqualTo("paused");
        submit("rollout-resume");
        browser.waiting().until(d -> browser.text("#rollout-state").equals("Đang chạy"));
        assertThat(viewer.json(viewer.get("/api/content/rollouts/" + id)).get("state").asText()).isEqualTo("running");
        submit("rollout-rollback");
        browser.waiting().until(d -> browser.text("#rollout-state").equals("Đã quay lại"));
        assertThat(viewer.json(viewer.get("/api/content/rollouts/" + id)).get("state").asText()).isEqualTo("rolled_back");
        // the canary is told its previous release again; the second kiosk was never told this one
        await().atMost(WAIT).until(() -> RELEASE_2.equals(lastDesired(kiosk1)));
        assertThat(kiosk2.desired()).extracting(d -> d.release()).doesNotContain(RELEASE_1);
    }

    @Test
    @Order(6)
    void aViewerSeesTheContentReadOnlyAndTheApiRefusesTheirMutations() throws Exception {
        browser.logIn("viewer-hoa", PASSWORD);
        browser.open("/ui/content.html");
        browser.loaded();
        assertThat(browser.text("#blobs")).contains("khai-sinh.mp4");
        assertThat(browser.driver.findElements(By.cssSelector("#rollouts tbody tr"))).hasSize(2);
        assertThat(browser.driver.findElements(By.cssSelector("#upload-form, #release-form, #group-form, #rollout-form, "
                + "#rollout-pause, #rollout-resume, #rollout-rollback, #playlist-save, #playlist-add, button.up, button.remove")))
                .isEmpty();
        browser.screenshot("content-viewer");

        WebSession trainer = session("trainer-minh");
        HttpResponse<String> created = trainer.send("POST", "/api/content/uploads", "{\"name\":\"x.mp4\",\"size\":10}");
        assertThat(created.statusCode()).isEqualTo(201);
        String upload = trainer.json(created).get("id").asText();
        String rollouts = trainer.get("/api/content/rollouts").body();

        for (String role : List.of("viewer-hoa", "it-lan")) {
            WebSession reader = session(role);
            List<Integer> answers = new ArrayList<>();
            answers.add(reader.send("POST", "/api/content/uploads", "{\"name\":\"y.mp4\",\"size\":10}").statusCode());
            answers.add(reader.send("PUT", "/api/content/playlists/attract", "{\"items\":[]}").statusCode());
            answers.add(reader.send("POST", "/api/content/releases", "{\"playlists\":[\"attract\"]}").statusCode());
            answers.add(reader.send("PUT", "/api/content/groups/tan-dinh", "{\"communes\":[\"1\"]}").statusCode());
            answers.add(reader.send("POST", "/api/content/rollouts",
                    "{\"release\":\"" + RELEASE_1 + "\",\"group\":\"tan-dinh\"}").statusCode());
            answers.add(reader.send("POST", "/api/content/rollouts/1/rollback", null).statusCode());
            answers.add(patch(reader, upload, "0123456789").statusCode());
            assertThat(answers).as(role).containsOnly(403);
        }
        // nothing moved: the upload is still at 0, the playlist and rollouts unchanged
        assertThat(trainer.json(trainer.get("/api/content/uploads/" + upload)).get("offset").asLong()).isZero();
        assertThat(trainer.json(trainer.get("/api/content/playlists/attract")).get("items")).hasSize(1);
        assertThat(trainer.get("/api/content/rollouts").body()).isEqualTo(rollouts);
        assertThat(trainer.get("/api/content/groups/tan-dinh").body()).contains("26734");
    }

    /** A PATCH goes to the streaming upload handler, which checks the role itself. */
    private static HttpResponse<String> patch(WebSession session, String upload, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fleet.httpUrl() + "/api/content/uploads/" + upload))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Cookie", session.cookie).header("X-CSRF-Token", session.csrf).header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(7)
    void aTrainerCannotReachItScreensInTheBrowserOrOverHttp() throws Exception {
        browser.logIn("trainer-minh", PASSWORD);
        assertThat(browser.driver.findElements(By.id("nav-fleet"))).isEmpty();
        browser.open("/ui/fleet.html");
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("forbidden")));
        WebSession trainer = session("trainer-minh");
        assertThat(trainer.get("/api/fleet").statusCode()).isEqualTo(403);
        assertThat(trainer.get("/api/kiosks/" + KIOSK_1 + "/health").statusCode()).isEqualTo(403);
        assertThat(trainer.get("/api/analytics?by=day").statusCode()).isEqualTo(403);
    }

    @Test
    @Order(8)
    void noContentScreenBrokeTheContentSecurityPolicy() {
        assertThat(browser.browserLog()).noneMatch(entry -> entry.getMessage().contains("Content Security Policy"));
    }
}
