package vn.p06.fleet.web;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.p06.fleet.KioskMqtt;
import vn.p06.fleet.TestFleet;
import vn.p06.fleet.auth.Role;
import vn.p06.fleet.store.IngestBatch;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;
import vn.p06.testsupport.RecordingMqttClient;

/**
 * Dashboard figures with a large fleet (docs/BENCHMARKS.md): seeds N kiosks (default 10,000) with
 * presence and a health sample straight into a real server's store, then measures
 * <ol>
 *   <li>{@code GET /api/fleet} (the fleet page's one API call) as a logged-in user;</li>
 *   <li>the fleet page in headless Chromium: navigation to table drawn;</li>
 *   <li>live-update latency: a real MQTT kiosk publishes health → the SSE line reaches a client,
 *       with the browser page also subscribed.</li>
 * </ol>
 * Arguments: {@code [kiosks] [api-runs] [live-samples]}.
 */
public final class DashboardBenchmark {
    private static final String PASSWORD = "benchmark-password";

    private DashboardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int kiosks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int apiRuns = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int liveSamples = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path dir = Files.createTempDirectory("dashboard-bench");
        try (TestFleet fleet = TestFleet.start(dir)) {
            long seedStart = System.nanoTime();
            seed(fleet, kiosks);
            System.out.printf("seeded %d kiosks (presence + 1 health sample each) in %.1f s%n", kiosks,
                    (System.nanoTime() - seedStart) / 1e9);
            fleet.server.users().upsert("bench", Role.IT_STAFF, null, PASSWORD, Instant.now());
            WebSession session = new WebSession(fleet.httpUrl());
            session.login("bench", PASSWORD);

            // Without and with gzip in one run, so both meet the same machine load.
            for (String encoding : List.of("identity", "gzip")) {
                api(fleet, session, kiosks, apiRuns, encoding);
            }

            ChromeDriver browser = browser(Files.createTempDirectory("dashboard-bench-chrome"));
            try {
                browser.get(fleet.httpUrl() + "/ui/login.html");
                browser.manage().addCookie(new org.openqa.selenium.Cookie("fleet_session",
                        session.cookie.split("=", 2)[1]));
                List<Double> pageLoads = new ArrayList<>();
                for (int i = 0; i <= 5; i++) {
                    long start = System.nanoTime();
                    browser.get(fleet.httpUrl() + "/ui/fleet.html");
                    new WebDriverWait(browser, Duration.ofSeconds(120)).until(d -> "true".equals(
                            ((JavascriptExecutor) d).executeScript("return document.body.dataset.loaded")));
                    new WebDriverWait(browser, Duration.ofSeconds(120)).until(d -> ((Number) ((JavascriptExecutor) d)
                            .executeScript("return document.querySelectorAll('#fleet-table tbody tr').length"))
                            .intValue() > 0);
                    if (i > 0) {
                        pageLoads.add((System.nanoTime() - start) / 1e6);
                    }
                }
                System.out.printf("fleet page in headless Chromium, navigation → table drawn: %s%n", summary(pageLoads));
                live(fleet, session, liveSamples);
            } finally {
                browser.quit();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /**
     * Times {@code GET /api/fleet} until the JSON is in hand (inflated, when gzipped, as a browser
     * must) and prints the bytes on the wire beside the JSON's size.
     */
    private static void api(TestFleet fleet, WebSession session, int kiosks, int runs, String acceptEncoding)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(fleet.httpUrl() + "/api/fleet"))
                .header("Cookie", session.cookie).header("Accept-Encoding", acceptEncoding).build();
        List<Double> times = new ArrayList<>();
        int wire = 0;
        int json = 0;
        for (int i = 0; i <= runs; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.headers().firstValue("Content-Encoding").filter("gzip"::equals).isPresent()
                    ? new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes()
                    : response.body();
            double ms = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(new String(body, StandardCharsets.UTF_8));
            }
            wire = response.body().length;
            json = body.length;
            if (i > 0) {
                times.add(ms); // the first call warms the JIT and H2's caches
            }
        }
        System.out.printf("GET /api/fleet, %d kiosks, Accept-Encoding %s: %d KB on the wire, %d KB JSON: %s%n",
                kiosks, acceptEncoding, wire / 1024, json / 1024, summary(times));
    }

    private static void seed(TestFleet fleet, int kiosks) {
        Instant now = Instant.now();
        List<IngestBatch.Accepted> health = new ArrayList<>();
        for (int i = 0; i < kiosks; i++) {
            String id = id(i);
            fleet.server.kiosks().enroll(id, id.substring(0, 5), "not-a-real-hash", now);
            fleet.server.kiosks().applyPresence(id, i % 17 != 0, 1_000 + i, "0.1.0", now);
            health.add(new IngestBatch.Accepted(Envelope.create(id, now.toEpochMilli(), 1,
                    new Body.Health(40.0 + i % 45, 0.5, 4, 4_000_000_000L, 2_000_000_000L, 32_000_000_000L,
                            (i % 23 == 0 ? 1 : 12) * 1_000_000_000L, 3600, List.of("192.0.2.1"), "Raspbian 12", "17",
                            "0.1.0", Map.of("cardReader", new Body.Peripheral(i % 31 != 0, "ready", null)))), now));
            if (health.size() == 2000) {
                fleet.server.telemetry().store(new IngestBatch(health, List.of()));
                health.clear();
            }
        }
        fleet.server.telemetry().store(new IngestBatch(health, List.of()));
    }

    /** 100 kiosks per commune, communes 10000, 10001, ... */
    private static String id(int i) {
        return String.format("%05d-%03d", 10_000 + i / 100, i % 100 + 1);
    }

    private static void live(TestFleet fleet, WebSession session, int samples) throws Exception {
        String kioskId = "99999-001";
        fleet.enroll(kioskId, "secret-of-the-live-kiosk");
        Map<String, Long> received = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(samples);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(fleet.httpUrl() + "/api/events"))
                .header("Cookie", session.cookie).build(), HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body()))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:") && line.contains(kioskId) && line.contains("\"health\"")) {
                        var payload = WebSession.JSON.readTree(line.substring(5)).get("payload");
                        received.putIfAbsent(payload.get("at").asText(), System.nanoTime());
                        all.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                // the stream closes when the benchmark ends
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        List<Double> latencies = new ArrayList<>();
        try (RecordingMqttClient kiosk = KioskMqtt.connect(fleet.mqttUrl(), kioskId, kioskId,
                "secret-of-the-live-kiosk", kioskId, System.currentTimeMillis())) {
            Map<String, Long> sent = new ConcurrentHashMap<>();
            long base = System.currentTimeMillis();
            for (int i = 0; i < samples; i++) {
                long ts = base + i;
                sent.put(Instant.ofEpochMilli(ts).toString(), System.nanoTime());
                kiosk.publish(Envelope.create(kioskId, ts, i + 1, new Body.Health(50.0, 0.5, 4, 4_000_000_000L,
                        2_000_000_000L, 32_000_000_000L, 12_000_000_000L, 3600, List.of(), "Raspbian 12", "17", "0.1.0",
                        Map.of())));
                TimeUnit.MILLISECONDS.sleep(50); // one sample at a time: latency, not throughput
            }
            if (!all.await(60, TimeUnit.SECONDS)) {
                System.out.printf("live: only %d of %d samples arrived%n", samples - all.getCount(), samples);
            }
            sent.forEach((at, start) -> {
                Long end = received.get(at);
                if (end != null) {
                    latencies.add((end - start) / 1e6);
                }
            });
        }
        System.out.printf("live update, MQTT publish → SSE line received (%d samples): %s%n", latencies.size(),
                summary(latencies));
        stream.body().close();
    }

    private static String summary(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return "no values";
        }
        return String.format("median %.1f ms, p95 %.1f ms, max %.1f ms (n=%d)", sorted.get(sorted.size() / 2),
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1)),
                sorted.get(sorted.size() - 1), sorted.size());
    }

    private static ChromeDriver browser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--window-size=1280,900", "--user-data-dir=" + profile);
        return new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
    }
}
