package vn.p06.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium + chromium-driver, headless, on one dashboard: log in, open pages, wait for
 * them, screenshots ({@code -Ddashboard.screenshots=<dir>} saves them as {@code dashboard-<name>.png}).
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);

    final ChromeDriver driver;
    private final String baseUrl;

    HeadlessChromium(String baseUrl, Path profile) {
        this.baseUrl = baseUrl;
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--window-size=1280,1100", "--lang=vi-VN",
                "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
    }

    /** Live updates redraw tables: an element found a moment ago may have been replaced. */
    FluentWait<WebDriver> waiting() {
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class);
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    void logIn(String username, String password) {
        driver.manage().deleteAllCookies();
        open("/ui/login.html");
        waiting().until(ExpectedConditions.textToBe(By.id("login"), "Đăng nhập"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
        waiting().until(d -> !d.getCurrentUrl().endsWith("/login.html"));
    }

    /** Pages set {@code body[data-loaded]} once their first data is drawn. */
    void loaded() {
        waiting().until(d -> "true".equals(script("return document.body.dataset.loaded")));
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** The element's text; found again when a live update replaced it between finding and reading. */
    String text(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                return driver.findElement(By.cssSelector(css)).getText();
            } catch (StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    void screenshot(String name) throws Exception {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        assertThat(png.length).isGreaterThan(1000);
        String dir = System.getProperty("dashboard.screenshots");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, "dashboard-" + name + ".png"), png);
        }
    }

    List<LogEntry> browserLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
