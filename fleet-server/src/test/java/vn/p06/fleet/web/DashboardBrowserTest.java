package vn.p06.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import vn.p06.fleet.KioskMqtt;
import vn.p06.fleet.TestFleet;
import vn.p06.fleet.alert.Alert;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;
import vn.p06.testsupport.RecordingMqttClient;

/**
 * The dashboard in real headless Chromium (Debian's chromium + chromium-driver) against the real
 * server with simulated kiosks (Paho clients with enrolled credentials and a will), its real alert
 * engine (ticked by the server every 10 s) and real remote commands: the simulated kiosk receives a
 * command on MQTT, acknowledges it and uploads its screenshot as the kiosk agent does.
 * <p>
 * Screenshots: {@code -Ddashboard.screenshots=$PWD/docs/screenshots} saves each screen there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final String XSS_NAME = "<img src=x onerror=\"window.__xss=1\">";
    private static final String XSS_DISTRICT = "<script>window.__xss=2</script>";

    private static final String PASSWORD = BrowserFleet.PASSWORD;

    @TempDir
    static Path dir;
    static BrowserFleet setup;
    static TestFleet fleet;
    static HeadlessChromium browser;
    static ChromeDriver driver;
    static RecordingMqttClient kiosk1;
    static RecordingMqttClient kiosk2;
    static RecordingMqttClient kiosk3;

    @BeforeAll
    static void start() throws Exception {
        setup = BrowserFleet.start(dir);
        fleet = setup.fleet;
        browser = setup.browser;
        driver = browser.driver;
        assertThat(fleet.admin("POST", "/api/admin-units", "commune,communeName,district,province\n"
                + "26734,Phường Tân Định,Quận 1,TP Hồ Chí Minh\n26737,Phường Đa Kao,Quận 1,TP Hồ Chí Minh\n"
                + "26740," + XSS_NAME.replace(",", " ") + "," + XSS_DISTRICT + ",TP Hồ Chí Minh\n").statusCode())
                .isEqualTo(200);
        kiosk1 = kiosk("26734-001", 47.5, true);
        kiosk2 = kiosk("26737-001", 81.0, false);
        kiosk3 = kiosk("26740-001", 52.0, true);
        kiosk2.subscribe(Topics.of("26737-001", Channel.COMMAND));
        long now = System.currentTimeMillis();
        // half an hour of history for the kiosk detail's charts, one sample a minute, warming up
        for (int minute = 30; minute >= 1; minute--) {
            kiosk2.publish(Envelope.create("26737-001", now - minute * 60_000L, 100 - minute,
                    health(60 + (30 - minute) * 0.7, false)));
        }
        kiosk1.publish(Envelope.create("26734-001", now, 3, new Body.EventBatch(List.of(
                usage(now - 5000, 1, "session.start", Map.of()),
                usage(now - 4000, 2, "service.viewed", Map.of("service", "khai-sinh")),
                usage(now - 3000, 3, "video.played", Map.of("service", "khai-sinh", "seconds", "95")),
                usage(now - 2500, 4, "card.read", Map.of("outcome", "ok")),
                usage(now - 2000, 5, "rating", Map.of("value", "5")),
                usage(now - 1000, 6, "service.viewed", Map.of("service", "cu-tru"))))));
    }

    private static RecordingMqttClient kiosk(String id, double temperature, boolean cardReader) throws Exception {
        long connectedAt = System.currentTimeMillis();
        RecordingMqttClient client = setup.mqttKiosk(id, connectedAt);
        client.publish(Envelope.create(id, connectedAt, 1, new Body.Status(Body.Presence.ONLINE, "0.1.0")));
        client.publish(Envelope.create(id, System.currentTimeMillis(), 2, health(temperature, cardReader)));
        return client;
    }

    static Body.Health health(double temperature, boolean cardReader) {
        return new Body.Health(temperature, 0.7, 4, 4_000_000_000L, 2_500_000_000L, 32_000_000_000L,
                12_000_000_000L, 3600, List.of("192.0.2.10"), "Raspbian 12", "17", "0.1.0",
                Map.of("cardReader", new Body.Peripheral(cardReader, cardReader ? "ready" : "absent", null),
                        "printer", new Body.Peripheral(true, "ready", null)));
    }

    /** A small PNG like the kiosk's screenshot, 160 pixels wide. */
    private static byte[] screenOf(String kioskId) throws IOException {
        BufferedImage image = new BufferedImage(160, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(0x1f3a5f));
        graphics.fillRect(0, 0, 160, 100);
        graphics.setColor(Color.WHITE);
        graphics.drawString("kiosk " + kioskId, 10, 50);
        graphics.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    private static Body.UsageEvent usage(long ts, long seq, String kind, Map<String, String> attributes) {
        return new Body.UsageEvent(Envelope.newId(), ts, seq, kind, attributes);
    }

    @AfterAll
    static void stop() throws Exception {
        if (setup != null) {
            setup.close();
        }
    }

    private static org.openqa.selenium.support.ui.FluentWait<org.openqa.selenium.WebDriver> waiting() {
        return browser.waiting();
    }

    private static void open(String path) {
        browser.open(path);
    }

    private static void logIn(String username) {
        browser.logIn(username, PASSWORD);
    }

    private static void loaded() {
        browser.loaded();
    }

    private static String statusOf(String kioskId) {
        return driver.findElement(By.cssSelector("#kiosk-" + kioskId + " td.status")).getText();
    }

    private static void screenshot(String name) throws Exception {
        browser.screenshot(name);
    }

    @Test
    @Order(1)
    void itStaffLogsInAndSeesTheFleetWithCountsAndTree() throws Exception {
        driver.manage().deleteAllCookies();
        open("/ui/login.html");
        waiting().until(ExpectedConditions.textToBe(By.id("login"), "Đăng nhập"));
        screenshot("login");
        logIn("it-lan");
        assertThat(driver.getCurrentUrl()).endsWith("/ui/fleet.html");
        loaded();
        waiting().until(d -> statusOf("26734-001").equals("Trực tuyến") && statusOf("26737-001").equals("Quá nóng"));
        assertThat(driver.findElement(By.id("count-hot")).getText()).startsWith("1");
        assertThat(driver.findElement(By.id("count-card-reader-missing")).getText()).startsWith("1");
        assertThat(driver.findElement(By.id("tree")).getText()).contains("TP Hồ Chí Minh").contains("Quận 1");
        screenshot("fleet");
    }

    @Test
    @Order(2)
    void aKioskGoingOfflineShowsLiveWithoutReloadAndItsAlertIsAcknowledged() throws Exception {
        open("/ui/fleet.html");
        loaded();
        waiting().until(d -> statusOf("26734-001").equals("Trực tuyến"));
        ((JavascriptExecutor) driver).executeScript("window.__sameDocument = true");
        // as IT staff would on the alerts page: alert at once instead of after the default 5 minutes
        assertThat(fleet.admin("PUT", "/api/alert-rules/offline",
                "{\"enabled\":true,\"threshold\":0,\"forSeconds\":0,\"severity\":\"critical\"}").statusCode())
                .isEqualTo(200);
        kiosk1.kill();
        waiting().until(d -> statusOf("26734-001").equals("Mất kết nối"));
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__sameDocument")).isEqualTo(true);
        waiting().until(d -> driver.findElement(By.cssSelector("#kiosk-26734-001 td.alerts")).getText().equals("1"));

        open("/ui/alerts.html");
        loaded();
        Alert alert = fleet.server.alerts().list(Set.of(), Optional.of("26734-001")).get(0);
        assertThat(alert.rule()).isEqualTo("offline");
        String alertId = alert.id();
        By state = By.cssSelector("#alert-" + alertId + " td.state");
        waiting().until(ExpectedConditions.textToBe(state, "Đang mở"));
        driver.findElement(By.cssSelector("#alert-" + alertId + " button.acknowledge")).click();
        waiting().until(ExpectedConditions.textToBe(state, "Đã xác nhận (it-lan)"));
        assertThat(fleet.server.alerts().find(alertId).orElseThrow().state()).isEqualTo("acknowledged");
        // the engine's rules, their units in the page's language
        assertThat(driver.findElement(By.cssSelector("#rule-offline")).getText()).contains("phút");
        assertThat(fleet.server.audit().recent(20)).anySatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo("it-lan");
            assertThat(entry.action()).isEqualTo("alert.acknowledged");
        });
        screenshot("alerts");
    }

    @Test
    @Order(3)
    void aCommandIsSentAndItsAcknowledgementAndScreenshotAppear() throws Exception {
        open("/ui/kiosk.html?id=26737-001");
        loaded();
        waiting().until(d -> d.findElement(By.id("summary-commune")).getText().equals("26737"));
        assertThat(driver.findElement(By.id("peripherals")).getText()).contains("cardReader: không có");
        new Select(driver.findElement(By.id("command-name"))).selectByValue("screenshot");
        driver.findElement(By.id("send-command")).click();
        // the simulated kiosk answers as the agent does: accepted, the screenshot uploaded, then done
        Envelope command = KioskMqtt.awaitCommand(kiosk2, "screenshot");
        kiosk2.publish(Envelope.create("26737-001", System.currentTimeMillis(), 101,
                new Body.CommandAck(command.id(), Body.AckState.ACCEPTED, null)));
        waiting().until(d -> !d.findElements(By.cssSelector("#command-" + command.id() + ".state-accepted")).isEmpty());
        HttpResponse<String> upload = fleet.postAsKiosk("/api/kiosks/26737-001/commands/" + command.id() + "/result",
                "26737-001", BrowserFleet.secretOf("26737-001"), "image/png", screenOf("26737-001"));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        kiosk2.publish(Envelope.create("26737-001", System.currentTimeMillis(), 102,
                new Body.CommandAck(command.id(), Body.AckState.DONE, "screenshot uploaded (1 KiB)")));
        waiting().until(d -> !d.findElements(By.cssSelector("#commands tbody tr.state-done")).isEmpty());
        WebElement row = driver.findElement(By.cssSelector("#commands tbody tr.state-done"));
        assertThat(row.findElement(By.className("state")).getText()).isEqualTo("Hoàn tất");
        WebElement image = row.findElement(By.cssSelector("img.screenshot"));
        waiting().until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "return arguments[0].naturalWidth", image)).intValue() == 160);
        assertThat(driver.findElements(By.cssSelector("#chart-temperature"))).hasSize(1);
        screenshot("kiosk");
    }

    @Test
    @Order(4)
    void usageAnalyticsShowsTheKiosksFiguresAndOffersCsv() throws Exception {
        open("/ui/analytics.html");
        loaded();
        new Select(driver.findElement(By.id("by"))).selectByValue("service");
        driver.findElement(By.id("show")).click();
        waiting().until(d -> d.findElement(By.id("figures")).getText().contains("khai-sinh"));
        String table = driver.findElement(By.id("figures")).getText();
        assertThat(table).contains("cu-tru");
        assertThat(driver.findElement(By.id("csv")).getAttribute("href")).contains("format=csv").contains("by=service");
        screenshot("analytics");
    }

    @Test
    @Order(5)
    void markupInACommuneNameIsShownAsTextAndNeverRuns() throws Exception {
        open("/ui/fleet.html");
        loaded();
        waiting().until(d -> d.findElement(By.cssSelector("#kiosk-26740-001 td.commune")).getText().contains("<img"));
        assertThat(driver.findElement(By.cssSelector("#kiosk-26740-001 td.commune")).getText())
                .isEqualTo("26740 " + XSS_NAME);
        assertThat(driver.findElement(By.id("tree")).getText()).contains(XSS_DISTRICT);
        assertThat(driver.findElements(By.cssSelector("#fleet-table img, #tree img, #tree script"))).isEmpty();
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__xss")).isNull();
    }

    @Test
    @Order(6)
    void theUiSwitchesToEnglishWithTheSameScreens() throws Exception {
        open("/ui/fleet.html");
        loaded();
        driver.findElement(By.id("lang")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("nav-fleet"), "Fleet"));
        loaded();
        waiting().until(d -> statusOf("26737-001").equals("Hot"));
        assertThat(driver.findElement(By.id("nav-alerts")).getText()).isEqualTo("Alerts");
        screenshot("fleet-en");
        driver.findElement(By.id("lang")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("nav-fleet"), "Đội kiosk"));
    }

    @Test
    @Order(7)
    void anAdminManagesUsersAndReadsTheAuditLog() throws Exception {
        logIn("admin-an");
        open("/ui/users.html");
        loaded();
        driver.findElement(By.id("user-username")).sendKeys("tap-huan-2");
        new Select(driver.findElement(By.id("user-role"))).selectByValue("trainer");
        driver.findElement(By.id("user-password")).sendKeys("another-long-password");
        driver.findElement(By.id("save-user")).click();
        waiting().until(d -> !d.findElements(By.id("user-tap-huan-2")).isEmpty());
        assertThat(driver.findElement(By.id("audit")).getText()).contains("user.created").contains("alert.acknowledged");
        screenshot("users");
    }

    @Test
    @Order(8)
    void aTrainerSeesNoItScreensAndIsRefusedWhenTypingTheirAddress() throws Exception {
        logIn("trainer-minh");
        assertThat(driver.getCurrentUrl()).endsWith("/ui/content.html");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-content")));
        assertThat(driver.findElements(By.id("nav-fleet"))).isEmpty();
        assertThat(driver.findElements(By.id("nav-alerts"))).isEmpty();
        screenshot("content-trainer");
        for (String page : new String[] {"/ui/alerts.html", "/ui/fleet.html", "/ui/kiosk.html?id=26737-001"}) {
            open(page);
            waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("forbidden")));
            assertThat(driver.findElements(By.cssSelector("#alerts tbody tr, #fleet-table tbody tr"))).isEmpty();
        }
    }

    @Test
    @Order(9)
    void aViewerGetsNoMutatingControls() throws Exception {
        logIn("viewer-hoa");
        open("/ui/kiosk.html?id=26737-001");
        loaded();
        assertThat(driver.findElements(By.id("command-form"))).isEmpty();
        open("/ui/alerts.html");
        loaded();
        assertThat(driver.findElements(By.cssSelector("button.acknowledge, button.resolve, button.save-rule"))).isEmpty();
        assertThat(driver.findElements(By.id("notifications"))).isEmpty();
    }

    @Test
    @Order(10)
    void noPageBrokeTheContentSecurityPolicy() {
        List<LogEntry> entries = browser.browserLog();
        assertThat(entries).noneMatch(entry -> entry.getMessage().contains("Content Security Policy"));
    }
}
