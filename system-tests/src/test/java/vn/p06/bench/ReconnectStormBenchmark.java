package vn.p06.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import vn.p06.kiosk.telemetry.MqttLink;
import vn.p06.kiosk.telemetry.Outbox;
import vn.p06.kiosk.telemetry.OutboxForwarder;
import vn.p06.kiosk.telemetry.OutboxPolicy;
import vn.p06.kiosk.telemetry.OutboxSink;
import vn.p06.kiosk.telemetry.Sequences;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.tls.KioskKeys;
import vn.p06.system.FleetProcess;
import vn.p06.testsupport.MutableClock;

/**
 * Load generator: the 7:30 reconnect storm. N kiosks, each with one hour of backlog in the outbox
 * (a health sample every 30 s and a visit's usage events every 5 minutes: 120 + 60 records), all
 * connect at once to a fleet server running as its own process; prints the time until every
 * outbox is empty (every record confirmed stored) and the server's heap after a GC. With the
 * second argument {@code certificates} the kiosks log in with client certificates on the TLS
 * listener (enrolled with a certificate request) instead of passwords on the plain one.
 * <p>
 * {@code ./mvnw -q -pl system-tests test-compile exec:exec -Dexec.executable=java
 * -Dexec.classpathScope=test -Dexec.args="-classpath %classpath vn.p06.bench.ReconnectStormBenchmark 1000 [certificates]"}
 */
public final class ReconnectStormBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int kiosks = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        boolean certificates = args.length > 1 && args[1].equals("certificates");
        Path dir = Files.createTempDirectory("storm");
        int httpPort = freePort();
        int mqttPort = freePort();
        int mqttsPort = freePort();
        String[] tls = certificates ? new String[] {"--tls", "--mqtts-port", Integer.toString(mqttsPort), "--no-https",
                "--server-hosts", "127.0.0.1"} : new String[0];
        try (FleetProcess fleet = new FleetProcess(dir.resolve("fleet"), httpPort, mqttPort, tls).start()) {
            List<EnrollmentBundle> bundles = new ArrayList<>();
            long enrollStart = System.nanoTime();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 1; i <= kiosks; i++) {
                String id = String.format("%05d-%03d", 10000 + i / 1000, i % 1000);
                String secret = "storm-secret-" + id;
                KioskKeys.KeyAndRequest keys = KioskKeys.newRequest(id);
                Map<String, String> body = certificates
                        ? Map.of("commune", id.substring(0, 5), "secret", secret, "certificateRequest", keys.requestPem())
                        : Map.of("commune", id.substring(0, 5), "secret", secret);
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create(fleet.url() + "/api/admin/kiosks/" + id))
                        .header("Authorization", "Bearer " + FleetProcess.ADMIN_TOKEN)
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 300) {
                    throw new IllegalStateException(response.body());
                }
                if (certificates) {
                    JsonNode answer = JSON.readTree(response.body());
                    bundles.add(new EnrollmentBundle(id, id.substring(0, 5), "ssl://127.0.0.1:" + mqttsPort, id, secret,
                            fleet.url()).withTls(keys.privateKeyPem(), answer.get("certificate").asText(),
                            answer.get("caCertificate").asText()));
                } else {
                    bundles.add(new EnrollmentBundle(id, id.substring(0, 5), fleet.mqttUrl(), id, secret, fleet.url()));
                }
            }
            System.out.printf("enrolled %d kiosks in %.1f s (one Argon2id hash each%s)%n", kiosks,
                    (System.nanoTime() - enrollStart) / 1e9, certificates ? ", and a certificate" : "");

            // An hour offline: written with a clock an hour behind, then sent at today's time.
            MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
            OutboxPolicy policy = new OutboxPolicy(5_000_000, Duration.ofDays(14), 200);
            // One outbox file per kiosk, as on real kiosks: a shared one would measure H2, not the server.
            List<Outbox> outboxes = new ArrayList<>();
            List<Sequences> sequences = new ArrayList<>();
            for (EnrollmentBundle bundle : bundles) {
                Outbox outbox = Outbox.open(dir.resolve("kiosks").resolve(bundle.kioskId()), clock, policy);
                outboxes.add(outbox);
                OutboxSink sink = new OutboxSink(bundle.kioskId(), outbox);
                Sequences seq = new Sequences();
                sequences.add(seq);
                for (int step = 0; step < 120; step++) {
                    sink.send(Envelope.create(bundle.kioskId(), clock.millis() + step * 30_000L,
                            seq.next(Channel.HEALTH), health())).join();
                    if (step % 10 == 0) {
                        for (String kind : List.of("session.start", "service.viewed", "video.played", "session.end",
                                "rating")) {
                            sink.record(kind, Map.of("service", "residence-temporary"));
                        }
                    }
                }
            }
            long backlog = outboxes.stream().mapToLong(Outbox::countAll).sum();
            clock.set(Instant.now());
            System.out.printf("backlog: %d records (%d per kiosk)%n", backlog, backlog / kiosks);

            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
            List<MqttLink> links = new ArrayList<>();
            List<OutboxForwarder> forwarders = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < bundles.size(); i++) {
                MqttLink link = new MqttLink(bundles.get(i), "bench", MqttLink.Options.defaults()
                        .withBackoff(Duration.ofMillis(500), Duration.ofSeconds(5)), sequences.get(i), clock, scheduler);
                OutboxForwarder forwarder = new OutboxForwarder(bundles.get(i).kioskId(), outboxes.get(i), link,
                        sequences.get(i),
                        clock, scheduler, policy);
                link.start();
                forwarder.start();
                links.add(link);
                forwarders.add(forwarder);
            }
            long connectedAt = 0;
            while (outboxes.stream().mapToLong(Outbox::countAll).sum() > 0) {
                if (connectedAt == 0 && links.stream().allMatch(MqttLink::isConnected)) {
                    connectedAt = System.nanoTime();
                    System.out.printf("all %d kiosks connected after %.1f s%n", kiosks, (connectedAt - start) / 1e9);
                }
                TimeUnit.MILLISECONDS.sleep(250);
                if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
                    throw new IllegalStateException(outboxes.stream().mapToLong(Outbox::countAll).sum()
                            + " records still waiting after 10 minutes");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("storm: %d kiosks reconnected and flushed %d records in %.1f s (%.0f records/s)%n",
                    kiosks, backlog, seconds, backlog / seconds);
            System.out.println("server " + fleet.heapAfterGc());
            forwarders.forEach(OutboxForwarder::close);
            links.forEach(MqttLink::close);
            scheduler.shutdownNow();
            outboxes.forEach(Outbox::close);
        }
    }

    private static Body.Health health() {
        return new Body.Health(50.0, 0.5, 4, 4_000_000_000L, 2_000_000_000L, 32_000_000_000L, 20_000_000_000L,
                3600, List.of("192.0.2.1"), "Raspbian 12", "17", "bench", Map.of());
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
