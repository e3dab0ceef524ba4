package vn.p06.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.FleetConfig;
import vn.p06.fleet.FleetServer;
import vn.p06.fleet.broker.EmbeddedBroker;
import vn.p06.fleet.broker.MqttBroker;
import vn.p06.kiosk.telemetry.OutboxPolicy;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.testsupport.Mosquitto;

/**
 * The same fleet server against Debian's Mosquitto instead of its embedded broker, switched by
 * configuration: password file and the ACL pattern {@code kiosk/v1/%u/#} on the broker, shared
 * subscription for ingest. Mosquitto runs without persistence and is restarted mid-stream: what it
 * had PUBACKed and not yet delivered is gone with it, and the kiosk's outbox sends it again
 * because the server never confirmed it. Nothing lost, nothing doubled.
 */
class ExternalBrokerTest {
    private static final String SERVICE_USER = "_fleet-service";
    private static final String KIOSK = "26734-001";
    private static final String SECRET = "kiosk-secret-0123456789";

    @TempDir
    Path dir;

    @Test
    void theServerRunsOnMosquittoAndABrokerRestartMidStreamLosesAndDoublesNothing() throws Exception {
        Map<String, String> users = new LinkedHashMap<>();
        users.put(SERVICE_USER, "service-password-0123");
        users.put(KIOSK, SECRET);
        try (Mosquitto mosquitto = Mosquitto.start(Files.createDirectories(dir.resolve("mosquitto")), users,
                SERVICE_USER)) {
            FleetConfig config = new FleetConfig(dir.resolve("fleet"), "127.0.0.1", 0, 0,
                    Optional.of(new FleetConfig.ExternalBrokerConfig(mosquitto.url(),
                            new MqttBroker.ServiceCredentials(SERVICE_USER, "service-password-0123"))),
                    EmbeddedBroker.Persistence.FILE, "external-admin-token-0123", mosquitto.url(),
                    "http://127.0.0.1:8080", "external");
            try (FleetServer server = FleetServer.start(config, Clock.systemUTC())) {
                enroll(server.httpPort());
                EnrollmentBundle bundle = new EnrollmentBundle(KIOSK, "26734", mosquitto.url(), KIOSK, SECRET,
                        "http://127.0.0.1:" + server.httpPort());
                Set<String> written = ConcurrentHashMap.newKeySet();
                try (TestKiosk kiosk = new TestKiosk(bundle, dir.resolve("kiosk"), Clock.systemUTC(),
                        new OutboxPolicy(500_000, Duration.ofDays(14), 2_000))) {
                    kiosk.goOnline();
                    await().atMost(Duration.ofSeconds(30)).until(() -> server.kiosks().countOnline() == 1);
                    for (int i = 0; i < 1_000; i++) {
                        written.add(kiosk.outbox.appendEvent(KIOSK, "video.played", Map.of("seconds", "30")).id());
                        if (i % 10 == 0) {
                            written.add(kiosk.sampleHealth());
                        }
                        if (i == 500) {
                            mosquitto.stop();
                            mosquitto.restart();
                        }
                    }
                    await().atMost(Duration.ofSeconds(150)).until(() -> kiosk.outbox.countAll() == 0);
                }
                long stored = server.telemetry().count("usage_events", KIOSK) + server.telemetry().count("health", KIOSK);
                assertThat(stored).isEqualTo(written.size()).isEqualTo(1_100);
            }
        }
    }

    private static void enroll(int httpPort) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/api/admin/kiosks/" + KIOSK))
                .header("Authorization", "Bearer external-admin-token-0123")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"commune\":\"26734\",\"secret\":\"" + SECRET + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

}
