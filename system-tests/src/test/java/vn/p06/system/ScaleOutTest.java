package vn.p06.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.kiosk.telemetry.OutboxPolicy;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.testsupport.Mosquitto;
import vn.p06.testsupport.Postgres;

/**
 * Scale-out on real parts: three fleet-server processes share one PostgreSQL database and one
 * Mosquitto broker (ingest split by the shared subscription); 200 kiosks stream usage events and
 * health through their outboxes; one instance is killed (SIGKILL) mid-stream. Its share moves to
 * the other two, what it had taken and not confirmed is sent again by the kiosks, and the
 * database ends with every record exactly once. Then the periodic alert job, run by every
 * instance's scheduler, opens each kiosk's offline alert once, not once per instance; and a
 * dashboard session made on one instance keeps working on another after the first dies.
 */
class ScaleOutTest {
    private static final String SERVICE_USER = "_fleet-service";
    private static final String SERVICE_PASSWORD = "service-password-0123";
    private static final int KIOSKS = 200;
    private static final int EVENTS_PER_KIOSK = 25;
    private static final int HEALTH_PER_KIOSK = 5;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void threeInstancesOnePostgresOneBrokerAnInstanceKilledMidStreamLosesAndDoublesNothing() throws Exception {
        Map<String, String> users = new LinkedHashMap<>();
        users.put(SERVICE_USER, SERVICE_PASSWORD);
        for (int i = 1; i <= KIOSKS; i++) {
            users.put(kiosk(i), "secret-of-" + kiosk(i));
        }
        Path passwordFile = Files.writeString(dir.resolve("broker.password"), SERVICE_PASSWORD + "\n");
        try (Mosquitto mosquitto = Mosquitto.start(Files.createDirectories(dir.resolve("mosquitto")), users, SERVICE_USER);
             Postgres postgres = Postgres.start()) {
            String database = postgres.createDatabase();
            List<FleetProcess> instances = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    instances.add(new FleetProcess(dir.resolve("fleet-" + i), freePort(), freePort(),
                            "--external-broker", mosquitto.url(), "--broker-password-file", passwordFile.toString(),
                            "--database-url", database, "--database-user", Postgres.USER,
                            "--kiosk-mqtt-url", mosquitto.url()).start());
                }
                enrollAll(instances.get(0));
                // As IT staff would: an offline kiosk alerts at once (the default waits 5 minutes).
                assertThat(send(instances.get(2), "PUT", "/api/alert-rules/offline",
                        "{\"enabled\":true,\"threshold\":0,\"forSeconds\":0,\"severity\":\"critical\"}", null)
                        .statusCode()).isEqualTo(200);

                Set<String> written = ConcurrentHashMap.newKeySet();
                List<TestKiosk> kiosks = new ArrayList<>();
                try {
                    for (int i = 1; i <= KIOSKS; i++) {
                        EnrollmentBundle bundle = new EnrollmentBundle(kiosk(i), "26734", mosquitto.url(), kiosk(i),
                                users.get(kiosk(i)), instances.get(0).url());
                        TestKiosk kiosk = new TestKiosk(bundle, dir.resolve("kiosks").resolve(kiosk(i)),
                                Clock.systemUTC(), new OutboxPolicy(500_000, Duration.ofDays(14), 2_000));
                        kiosks.add(kiosk);
                        kiosk.goOnline();
                    }
                    for (int round = 0; round < EVENTS_PER_KIOSK; round++) {
                        for (TestKiosk kiosk : kiosks) {
                            written.add(kiosk.outbox.appendEvent(kiosk.id, "service.viewed",
                                    Map.of("service", "dang-ky-khai-sinh")).id());
                            if (round % (EVENTS_PER_KIOSK / HEALTH_PER_KIOSK) == 0) {
                                written.add(kiosk.sampleHealth());
                            }
                        }
                        if (round == EVENTS_PER_KIOSK / 2) {
                            instances.get(1).kill(); // mid-stream, without a goodbye
                        }
                    }
                    await("every outbox confirmed by the store").atMost(PATIENCE)
                            .until(() -> kiosks.stream().allMatch(k -> k.outbox.countAll() == 0));
                } finally {
                    kiosks.forEach(TestKiosk::close);
                }

                assertThat(written).hasSize(KIOSKS * (EVENTS_PER_KIOSK + HEALTH_PER_KIOSK));
                Set<String> stored = ids(database, "SELECT event_id FROM usage_events");
                stored.addAll(ids(database, "SELECT msg_id FROM health"));
                assertThat(stored).isEqualTo(written);

                // Every kiosk is offline now (closed above); two live instances evaluate rules
                // every 10 s, each alert opens once: the job runs under a lease.
                await("an offline alert per kiosk").atMost(PATIENCE)
                        .until(() -> count(database, "SELECT count(*) FROM alerts WHERE rule = 'offline'") == KIOSKS);
                assertThat(count(database, "SELECT count(*) FROM (SELECT kiosk_id FROM alerts WHERE rule = 'offline' "
                        + "GROUP BY kiosk_id HAVING count(*) > 1) twice")).isZero();

                // A dashboard session from instance 0 is served by instance 2 once instance 0 is gone.
                String password = Files.readString(dir.resolve("fleet-0").resolve("admin-password")).strip();
                HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(instances.get(0).url() + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"admin\",\"password\":\"" + password + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
                String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
                instances.get(0).kill();
                HttpResponse<String> me = send(instances.get(2), "GET", "/api/me", null, cookie);
                assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
                assertThat(me.body()).contains("\"username\":\"admin\"");
            } finally {
                for (FleetProcess instance : instances) {
                    instance.close();
                }
            }
        }
    }

    /** As the admin token, or (with {@code cookie}) as a dashboard session. */
    private static HttpResponse<String> send(FleetProcess fleet, String method, String path, String body, String cookie)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fleet.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (cookie == null) {
            request.header("Authorization", "Bearer " + FleetProcess.ADMIN_TOKEN).header("Content-Type", "application/json");
        } else {
            request.header("Cookie", cookie);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, Postgres.USER, "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String kiosk(int i) {
        return String.format("26734-%03d", i);
    }

    /** Enrolls every kiosk with the secret Mosquitto knows; in parallel (each costs an Argon2 hash). */
    private static void enrollAll(FleetProcess fleet) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 1; i <= KIOSKS; i++) {
                String id = kiosk(i);
                answers.add(pool.submit(() -> http.send(HttpRequest.newBuilder(
                                URI.create(fleet.url() + "/api/admin/kiosks/" + id))
                        .header("Authorization", "Bearer " + FleetProcess.ADMIN_TOKEN)
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"commune\":\"26734\",\"secret\":\"secret-of-" + id + "\"}"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isIn(200, 201);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every id in the shared database; a duplicate row fails the test (the keys forbid it anyway). */
    private static Set<String> ids(String url, String sql) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(url, Postgres.USER, "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                assertThat(ids.add(rs.getString(1))).as("duplicate row %s", rs.getString(1)).isTrue();
            }
        }
        return ids;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
