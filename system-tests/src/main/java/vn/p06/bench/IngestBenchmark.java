package vn.p06.bench;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.FleetConfig;
import vn.p06.fleet.FleetServer;
import vn.p06.fleet.broker.EmbeddedBroker;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.NoDelaySocketFactory;
import vn.p06.protocol.Topics;
import vn.p06.testsupport.RecordingMqttClient;

/**
 * Load generator: kiosks → embedded broker → ingest → H2, end to end, beside the broker's own
 * ceiling measured in the same run (a subscriber that only counts what the broker delivers).
 * <p>
 * {@code ./mvnw -q -pl system-tests exec:java -Dexec.mainClass=vn.p06.bench.IngestBenchmark
 * -Dexec.args="--kiosks 8 --health 40000 --batches 5000 --events-per-batch 100 --health-batches 1000
 * --samples-per-batch 120 --broker-persistence FILE"}
 */
public final class IngestBenchmark {
    private static final Logger log = LoggerFactory.getLogger(IngestBenchmark.class);
    static final String ADMIN = "bench-admin-token-0123456789";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int kioskCount = Integer.parseInt(options.getOrDefault("kiosks", "8"));
        int healthMessages = Integer.parseInt(options.getOrDefault("health", "40000"));
        int batches = Integer.parseInt(options.getOrDefault("batches", "1000"));
        int eventsPerBatch = Integer.parseInt(options.getOrDefault("events-per-batch", "100"));
        int healthBatches = Integer.parseInt(options.getOrDefault("health-batches", "1000"));
        int samplesPerBatch = Integer.parseInt(options.getOrDefault("samples-per-batch", "120"));
        // Untimed messages of each kind first: until the JIT has compiled the store, broker and client
        // paths the first seconds run several times slower, and a short run would measure that.
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "2000"));
        EmbeddedBroker.Persistence persistence = EmbeddedBroker.Persistence.valueOf(
                options.getOrDefault("broker-persistence", "FILE"));

        Path dir = Files.createTempDirectory("ingest-bench");
        int mqttPort = freePort();
        FleetConfig config = new FleetConfig(dir, "127.0.0.1", 0, mqttPort, Optional.empty(), persistence, ADMIN,
                "tcp://127.0.0.1:" + mqttPort, "http://127.0.0.1:0", "bench");
        try (FleetServer server = FleetServer.start(config, Clock.systemUTC())) {
            List<String> ids = new ArrayList<>();
            List<BenchKiosk> kiosks = new ArrayList<>();
            for (int i = 1; i <= kioskCount; i++) {
                String id = String.format("26734-%03d", i);
                enroll(server.httpPort(), id, "bench-secret-" + id);
                ids.add(id);
                kiosks.add(new BenchKiosk(server.brokerUrl(), id, "bench-secret-" + id));
            }
            RecordingMqttClient counter = counter(server);

            // Progress is read from the server's own counter: polling COUNT(*) would load the database
            // being measured.
            LongSupplier stored = () -> (long) server.metrics().recordsStored();
            MessageFactory health = (id, seq) -> Envelope.create(id, System.currentTimeMillis(), seq, sample(seq));
            MessageFactory events = (id, seq) -> Envelope.create(id, System.currentTimeMillis(), seq,
                    batch(seq, eventsPerBatch));
            int healthWarmup = healthMessages == 0 ? 0 : warmup;
            int batchWarmup = batches == 0 ? 0 : warmup;
            run("warm-up: health samples", kiosks, ids, 0, healthWarmup, 1, counter, stored, health);
            Result healthResult = run("health samples (1 record per message)", kiosks, ids, healthWarmup,
                    healthMessages, 1, counter, stored, health);
            run("warm-up: usage-event batches", kiosks, ids, healthWarmup + healthMessages, batchWarmup,
                    eventsPerBatch, counter, stored, events);
            Result eventsResult = run("usage-event batches (" + eventsPerBatch + " records per message)", kiosks, ids,
                    healthWarmup + healthMessages + batchWarmup, batches, eventsPerBatch, counter, stored, events);
            // Samples a kiosk wrote offline, as its outbox sends them after a reconnect (health-batch).
            MessageFactory sampleBatches = (id, seq) -> Envelope.create(id, System.currentTimeMillis(), seq,
                    healthBatch(seq, samplesPerBatch));
            int sent = healthWarmup + healthMessages + batchWarmup + batches;
            Result healthBatchResult = run("health batches (" + samplesPerBatch + " records per message)", kiosks, ids,
                    sent, healthBatches, samplesPerBatch, counter, stored, sampleBatches);

            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            print("health", healthResult);
            print("events", eventsResult);
            print("health-batch", healthBatchResult);
            System.out.printf("heap used after GC (server + %d bench clients in one JVM): %d MiB; broker persistence %s%n",
                    kioskCount, heap >> 20, persistence);
            long healthRows = ids.stream().mapToLong(id -> server.telemetry().count("health", id)).sum();
            long eventRows = ids.stream().mapToLong(id -> server.telemetry().count("usage_events", id)).sum();
            System.out.printf("check: %d health rows (sent %d with the warm-up and the batches), %d event rows (sent %d)%n",
                    healthRows, healthWarmup + healthMessages + (long) healthBatches * samplesPerBatch, eventRows, (long) (batchWarmup + batches) * eventsPerBatch);
            for (BenchKiosk kiosk : kiosks) {
                kiosk.close();
            }
            counter.close();
        }
    }

    interface MessageFactory {
        Envelope create(String kioskId, long seq);
    }

    record Result(String name, int messages, int recordsPerMessage, double publishSeconds, double ceilingSeconds,
                  double ingestSeconds) {
    }

    /** Publishes {@code messages} spread over the kiosks, each kiosk's sequence going on after the {@code sent} before. */
    private static Result run(String name, List<BenchKiosk> kiosks, List<String> ids, int sent, int messages,
                              int recordsPerMessage, RecordingMqttClient counter, LongSupplier storedRecords,
                              MessageFactory factory) throws Exception {
        log.info("publishing {} {}", messages, name);
        long counted = counter.count();
        long storedBefore = storedRecords.getAsLong();
        long start = System.nanoTime();
        List<Thread> publishers = new ArrayList<>();
        for (int k = 0; k < kiosks.size(); k++) {
            BenchKiosk kiosk = kiosks.get(k);
            String id = ids.get(k);
            int share = messages / kiosks.size() + (k < messages % kiosks.size() ? 1 : 0);
            Thread thread = new Thread(() -> {
                try {
                    long firstSeq = sent / kiosks.size() + 1;
                    for (int i = 0; i < share; i++) {
                        kiosk.publish(factory.create(id, firstSeq + i));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            publishers.add(thread);
        }
        for (Thread thread : publishers) {
            thread.join();
        }
        double published = seconds(start);
        long ceilingDone = waitFor(() -> counter.count() - counted >= messages, counter::lastArrivalNanos);
        long ingestDone = waitFor(() -> storedRecords.getAsLong() - storedBefore >= (long) messages * recordsPerMessage,
                System::nanoTime);
        return new Result(name, messages, recordsPerMessage, published, (ceilingDone - start) / 1e9,
                (ingestDone - start) / 1e9);
    }

    private static long waitFor(java.util.function.BooleanSupplier done, LongSupplier when) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not done within 5 minutes");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return when.getAsLong();
    }

    private static void print(String label, Result r) {
        double ceiling = r.messages() / r.ceilingSeconds();
        double ingest = r.messages() / r.ingestSeconds();
        System.out.printf("%-12s %,d msgs: publish %.0f msg/s | broker ceiling (counting subscriber) %.0f msg/s | "
                        + "ingest into H2 %.0f msg/s = %.0f records/s | ingest/ceiling %.2f%n",
                label, r.messages(), r.messages() / r.publishSeconds(), ceiling, ingest,
                ingest * r.recordsPerMessage(), ingest / ceiling);
    }

    private static Body.Health sample(long seq) {
        return new Body.Health(45.0 + seq % 20, 0.7, 4, 4_000_000_000L, 2_000_000_000L, 32_000_000_000L,
                20_000_000_000L, seq, List.of("192.0.2.10"), "Debian 12", "17", "bench", Map.of());
    }

    private static Body.HealthBatch healthBatch(long seq, int size) {
        List<Body.HealthSample> samples = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            samples.add(new Body.HealthSample(Envelope.newId(), System.currentTimeMillis(), seq * size + i,
                    sample(seq * size + i)));
        }
        return new Body.HealthBatch(samples);
    }

    private static Body.EventBatch batch(long seq, int size) {
        List<Body.UsageEvent> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            events.add(new Body.UsageEvent(Envelope.newId(), System.currentTimeMillis(), seq * size + i,
                    "service.viewed", Map.of("service", "residence-temporary")));
        }
        return new Body.EventBatch(events);
    }

    /** A subscriber that only counts, with the same client settings as ingest: the broker's ceiling. */
    private static RecordingMqttClient counter(FleetServer server) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(server.brokerServiceCredentials().username());
        options.setPassword(server.brokerServiceCredentials().password().getBytes(StandardCharsets.UTF_8));
        options.setReceiveMaximum(65_535);
        options.setSocketFactory(new NoDelaySocketFactory());
        return RecordingMqttClient.counting(server.brokerUrl(), "fleet-bench-counter", options)
                .subscribe(Topics.allKiosks(Channel.HEALTH), Topics.allKiosks(Channel.EVENTS));
    }

    static void enroll(int httpPort, String id, String secret) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/api/admin/kiosks/" + id))
                .header("Authorization", "Bearer " + ADMIN)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"commune\":\"26734\",\"secret\":\"" + secret + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("enroll " + id + ": " + response.body());
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
