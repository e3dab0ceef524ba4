package vn.p06.bench;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;
import vn.p06.system.FleetProcess;
import vn.p06.testsupport.Mosquitto;
import vn.p06.testsupport.Postgres;

/**
 * Load generator for the scale-out topology: Mosquitto + PostgreSQL + 1, 2 and 3 fleet-server
 * processes in the same run. For each instance count it publishes the same load (usage event
 * batches from 20 kiosks) and prints stored records/s, plus the CPU seconds each part spent
 * (broker, database, instances) to show where the bottleneck sits. Then it seeds 10,000 kiosks ×
 * 30 days of hourly health into PostgreSQL and prints the latency of the dashboard's queries.
 * <p>
 * {@code ./mvnw -q -pl system-tests test-compile exec:exec -Dexec.executable=java
 * -Dexec.classpathScope=test -Dexec.args="-classpath %classpath vn.p06.bench.ScaleOutBenchmark"}
 */
public final class ScaleOutBenchmark {
    private static final int KIOSKS = 20;
    private static final int BATCHES_PER_KIOSK = 200;
    private static final int EVENTS_PER_BATCH = 50;
    private static final String SERVICE_USER = "_fleet-service";
    private static final String SERVICE_PASSWORD = "service-password-0123";

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("scale-out");
        Map<String, String> users = new LinkedHashMap<>();
        users.put(SERVICE_USER, SERVICE_PASSWORD);
        for (int i = 1; i <= KIOSKS; i++) {
            users.put(kiosk(i), "bench-secret-" + kiosk(i));
        }
        Path passwordFile = Files.writeString(dir.resolve("broker.password"), SERVICE_PASSWORD + "\n");
        try (Postgres postgres = Postgres.start()) {
            System.out.printf("ingest on PostgreSQL: %d kiosks × %d batches × %d events = %,d records per run%n",
                    KIOSKS, BATCHES_PER_KIOSK, EVENTS_PER_BATCH, KIOSKS * BATCHES_PER_KIOSK * EVENTS_PER_BATCH);
            System.out.println("instances  records/s  CPU s: broker  postgres  instances (each)");
            for (int count = 1; count <= 3; count++) {
                // A fresh broker per run: the previous run's ingest sessions would otherwise keep their
                // share of the subscription until they expire, and these publishers do not resend.
                Path run = dir.resolve("run-" + count);
                try (Mosquitto mosquitto = Mosquitto.start(Files.createDirectories(run.resolve("mosquitto")), users,
                        SERVICE_USER)) {
                    ingestRun(run, mosquitto, postgres, passwordFile, count);
                }
            }
            try (Mosquitto mosquitto = Mosquitto.start(Files.createDirectories(dir.resolve("mosquitto")), users,
                    SERVICE_USER)) {
                queryLatency(dir.resolve("queries"), mosquitto, postgres, passwordFile);
            }
        }
    }

    private static void ingestRun(Path dir, Mosquitto mosquitto, Postgres postgres, Path passwordFile, int count)
            throws Exception {
        String database = postgres.createDatabase();
        List<FleetProcess> instances = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                instances.add(instance(dir.resolve("fleet-" + i), mosquitto, passwordFile, database).start());
            }
            enroll(instances.get(0));
            long brokerCpu = cpuTicks(mosquitto.pid());
            long postgresCpu = postgresTicks(postgres);
            long[] instanceCpu = instances.stream().mapToLong(f -> cpuTicks(f.pid())).toArray();
            long total = (long) KIOSKS * BATCHES_PER_KIOSK * EVENTS_PER_BATCH;
            long start = System.nanoTime();
            ExecutorService publishers = Executors.newFixedThreadPool(KIOSKS);
            List<Future<?>> done = new ArrayList<>();
            for (int k = 1; k <= KIOSKS; k++) {
                String id = kiosk(k);
                done.add(publishers.submit(() -> {
                    try (BenchKiosk kiosk = new BenchKiosk(mosquitto.url(), id, "bench-secret-" + id)) {
                        for (long b = 0; b < BATCHES_PER_KIOSK; b++) {
                            kiosk.publish(Envelope.create(id, System.currentTimeMillis(), b, batch(b)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            publishers.shutdown();
            while (count(database, "usage_events") < total) {
                Thread.sleep(100); // a load generator polling the store, not a test
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] instanceSpent = new long[count];
            for (int i = 0; i < count; i++) {
                instanceSpent[i] = cpuTicks(instances.get(i).pid()) - instanceCpu[i];
            }
            System.out.printf("%9d  %9.0f  %13.1f  %8.1f  %s%n", count, total / seconds,
                    (cpuTicks(mosquitto.pid()) - brokerCpu) / 100.0, (postgresTicks(postgres) - postgresCpu) / 100.0,
                    Arrays.toString(Arrays.stream(instanceSpent).mapToObj(t -> String.format("%.1f", t / 100.0)).toArray()));
        } finally {
            for (FleetProcess instance : instances) {
                instance.close();
            }
        }
    }

    /** 10,000 kiosks × 30 days of hourly health (7.2 M rows), then the dashboard's two hot queries over HTTP. */
    private static void queryLatency(Path dir, Mosquitto mosquitto, Postgres postgres, Path passwordFile) throws Exception {
        String database = postgres.createDatabase();
        try (FleetProcess fleet = instance(dir.resolve("fleet"), mosquitto, passwordFile, database).start()) {
            long seedStart = System.nanoTime();
            try (Connection connection = DriverManager.getConnection(database, Postgres.USER, "");
                 Statement sql = connection.createStatement()) {
                sql.execute("INSERT INTO kiosks (id, commune, secret_hash, enrolled_at, online, last_health_ts, last_health) "
                        + "SELECT lpad((10000 + k / 1000)::text, 5, '0') || '-' || lpad((k % 1000)::text, 3, '0'), "
                        + "lpad((10000 + k / 1000)::text, 5, '0'), 'x', now(), k % 7 <> 0, 1, "
                        + "'{\"cpuTemperatureC\":51.5,\"diskFreeBytes\":1000}' FROM generate_series(1, 10000) k");
                sql.execute("INSERT INTO health (msg_id, kiosk_id, kiosk_ts, received_at, seq, cpu_temperature_c, "
                        + "load_average_1m, memory_total, memory_available, disk_total, disk_free, uptime_seconds, body) "
                        + "SELECT gen_random_uuid(), id, extract(epoch from t)::bigint * 1000, t, 0, 50, 0.3, 4e9, 2e9, "
                        + "3.2e10, 2e10, 3600, '{}' FROM kiosks, generate_series(now() - interval '30 days', now(), "
                        + "interval '1 hour') t");
                sql.execute("ANALYZE");
            }
            System.out.printf("seeded 10,000 kiosks × 30 days of hourly health (%,d rows) in %.0f s%n",
                    count(database, "health"), (System.nanoTime() - seedStart) / 1e9);
            HttpClient http = HttpClient.newHttpClient();
            long now = System.currentTimeMillis();
            report(http, fleet.url() + "/api/kiosks", "fleet list (10,000 kiosks)");
            report(http, fleet.url() + "/api/kiosks/10005-123/health?from=" + (now - 30L * 86_400_000) + "&to=" + now,
                    "one kiosk's 30-day health (721 samples)");
        }
    }

    private static void report(HttpClient http, String url, String what) throws Exception {
        long[] millis = new long[30];
        int bytes = 0;
        for (int i = -5; i < millis.length; i++) { // 5 warm-up requests
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + FleetProcess.ADMIN_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
            bytes = response.body().length;
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
        }
        Arrays.sort(millis);
        System.out.printf("%-40s median %4d ms, p95 %4d ms, %,d bytes%n", what, millis[millis.length / 2],
                millis[(int) (millis.length * 0.95)], bytes);
    }

    private static FleetProcess instance(Path dir, Mosquitto mosquitto, Path passwordFile, String database)
            throws IOException {
        return new FleetProcess(dir, freePort(), freePort(), "--external-broker", mosquitto.url(),
                "--broker-password-file", passwordFile.toString(), "--database-url", database,
                "--database-user", Postgres.USER, "--kiosk-mqtt-url", mosquitto.url());
    }

    private static void enroll(FleetProcess fleet) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 1; i <= KIOSKS; i++) {
            String id = kiosk(i);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(fleet.url() + "/api/admin/kiosks/" + id))
                    .header("Authorization", "Bearer " + FleetProcess.ADMIN_TOKEN)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"commune\":\"26734\",\"secret\":\"bench-secret-" + id + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("enroll " + id + ": " + response.body());
            }
        }
    }

    private static Body.EventBatch batch(long seq) {
        List<Body.UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < EVENTS_PER_BATCH; i++) {
            events.add(new Body.UsageEvent(Envelope.newId(), System.currentTimeMillis(), seq * EVENTS_PER_BATCH + i,
                    "service.viewed", Map.of("service", "dang-ky-khai-sinh")));
        }
        return new Body.EventBatch(events);
    }

    private static long count(String url, String table) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, Postgres.USER, "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String kiosk(int i) {
        return String.format("26734-%03d", i);
    }

    /** utime + stime of a process, in clock ticks (1/100 s on Linux). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The server and its backends (children of the postmaster; the ended ones are in its cutime). */
    private static long postgresTicks(Postgres postgres) throws IOException {
        long postmaster = postgres.postmasterPid();
        long ticks = cpuTicks(postmaster);
        try (var entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    try {
                        String stat = Files.readString(entry.resolve("stat"));
                        long parent = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
                        if (parent == postmaster) {
                            ticks += cpuTicks(Long.parseLong(name));
                        }
                    } catch (IOException e) {
                        // the process ended meanwhile
                    }
                }
            }
        }
        return ticks;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
