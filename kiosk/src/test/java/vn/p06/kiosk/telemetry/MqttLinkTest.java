package vn.p06.kiosk.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.kiosk.command.CommandHandler;
import vn.p06.kiosk.command.ContentRefresher;
import vn.p06.kiosk.command.SimulatedSystemControl;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;
import vn.p06.testsupport.Mosquitto;
import vn.p06.testsupport.RecordingMqttClient.Message;
import vn.p06.testsupport.RecordingMqttClient;

/**
 * The link against a real Mosquitto started by the test (needs the {@code mosquitto} package).
 * Each test uses its own kiosk id, so retained messages of one test do not leak into another.
 */
class MqttLinkTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String OBSERVER = "observer";
    private static final String ADMIN = "admin";

    @TempDir
    static Path brokerDir;
    private static Mosquitto broker;
    private static ScheduledExecutorService scheduler;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Mosquitto.start(brokerDir, users());
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private static Map<String, String> users() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put(OBSERVER, "observer-pw");
        users.put(ADMIN, "admin-pw");
        for (int i = 1; i <= 6; i++) {
            users.put(kiosk(i), "secret-" + i);
        }
        return users;
    }

    private static String kiosk(int n) {
        return String.format("26734-%03d", n);
    }

    private static EnrollmentBundle bundle(Mosquitto mosquitto, int n) {
        return new EnrollmentBundle(kiosk(n), "Xã Tân Lập", mosquitto.url(), kiosk(n), "secret-" + n,
                "http://127.0.0.1:8080");
    }

    private MqttLink link(Mosquitto mosquitto, int n, Sequences sequences) {
        MqttLink.Options options = MqttLink.Options.defaults()
                .withKeepAlive(Duration.ofSeconds(5))
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));
        MqttLink link = new MqttLink(bundle(mosquitto, n), "9.9.9-test", options, sequences, Clock.systemUTC(),
                scheduler);
        toClose.add(link);
        return link;
    }

    private RecordingMqttClient client(Mosquitto mosquitto, String user, String... filters) throws Exception {
        RecordingMqttClient client = RecordingMqttClient.connect(mosquitto.url(), user, user + "-pw")
                .subscribe(filters);
        toClose.add(client);
        return client;
    }

    private static List<Body.Presence> presences(RecordingMqttClient observer, String kioskId) {
        return observer.received(Topics.of(kioskId, Channel.STATUS)).stream()
                .map(r -> ((Body.Status) r.envelope().body()).state())
                .toList();
    }

    @Test
    void connectPublishesARetainedOnlineStatusAndSizesTheWindowFromConnack() throws Exception {
        String id = kiosk(1);
        String statusTopic = Topics.of(id, Channel.STATUS);
        MqttLink link = link(broker, 1, new Sequences());
        link.start();
        await().atMost(PATIENCE).until(link::isConnected);

        // A subscriber that comes later still sees the kiosk online: the status is retained.
        RecordingMqttClient observer = client(broker, OBSERVER, statusTopic);
        await().atMost(PATIENCE).until(() -> !observer.received(statusTopic).isEmpty());
        Message status = observer.received(statusTopic).get(0);
        assertThat(status.retained()).isTrue();
        assertThat(status.envelope().kioskId()).isEqualTo(id);
        assertThat(status.envelope().body()).isEqualTo(new Body.Status(Body.Presence.ONLINE, "9.9.9-test"));
        assertThat(link.receiveMaximum()).isEqualTo(Mosquitto.MAX_INFLIGHT);
        assertThat(link.connectionCount()).isEqualTo(1);
    }

    @Test
    void healthSamplesArriveDecodedAndAForeignTopicIsRefusedWithItsReasonCode() throws Exception {
        String id = kiosk(2);
        String healthTopic = Topics.of(id, Channel.HEALTH);
        RecordingMqttClient observer = client(broker, OBSERVER, healthTopic);
        Sequences sequences = new Sequences();
        MqttLink link = link(broker, 2, sequences);
        HealthReporter reporter = new HealthReporter(id, new SimulatedHealthSource(2, Clock.systemUTC(), "9.9.9-test"),
                link, sequences, Clock.systemUTC(), scheduler, Duration.ofMillis(100));
        toClose.add(reporter);
        link.start();
        reporter.start(Duration.ZERO);

        await().atMost(PATIENCE).until(() -> observer.received(healthTopic).size() >= 2 && reporter.sent() >= 2);
        Message health = observer.received(healthTopic).get(0);
        assertThat(health.retained()).isFalse();
        assertThat(health.envelope().body()).isInstanceOfSatisfying(Body.Health.class,
                h -> assertThat(h.cpuCount()).isEqualTo(4));
        assertThat(observer.received(healthTopic)).extracting(r -> r.envelope().sequence()).isSorted();

        // The ACL lets a kiosk write only below its own id: mosquitto answers PUBACK 0x87, which
        // Paho reports as delivered; the link must turn it into a failure.
        Envelope foreign = Envelope.create(kiosk(99), 1, 1,
                new SimulatedHealthSource(3, Clock.systemUTC(), "x").sample());
        assertThatThrownBy(() -> link.publish(foreign).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(PublishRefusedException.class,
                        e -> assertThat(e.reasonCode()).isEqualTo(0x87))
                .hasMessageContaining(Topics.of(kiosk(99), Channel.HEALTH));
        assertThat(link.isConnected()).isTrue();
    }

    @Test
    void aDeadConnectionMakesTheBrokerSayOfflineAndTheLinkComesBackOnline() throws Exception {
        String id = kiosk(3);
        RecordingMqttClient observer = client(broker, OBSERVER, Topics.of(id, Channel.STATUS));
        MqttLink link = link(broker, 3, new Sequences());
        link.start();
        await().atMost(PATIENCE).until(() -> presences(observer, id).contains(Body.Presence.ONLINE));

        link.abortConnection(); // TCP closed, no DISCONNECT: what a pulled cable looks like to the broker

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(presences(observer, id))
                .containsSubsequence(Body.Presence.ONLINE, Body.Presence.OFFLINE, Body.Presence.ONLINE));
        assertThat(link.connectionCount()).isGreaterThanOrEqualTo(2);
        // The will is our envelope too, not a bare string.
        Message will = observer.received(Topics.of(id, Channel.STATUS)).stream()
                .filter(r -> ((Body.Status) r.envelope().body()).state() == Body.Presence.OFFLINE)
                .findFirst().orElseThrow();
        assertThat(will.envelope().kioskId()).isEqualTo(id);
        // Status is ordered by connection: the will and the "online" before it share a timestamp,
        // and the "online" of the new connection is later (the server's presence rule relies on it).
        List<Long> onlineTimestamps = observer.received(Topics.of(id, Channel.STATUS)).stream()
                .filter(r -> ((Body.Status) r.envelope().body()).state() == Body.Presence.ONLINE)
                .map(r -> r.envelope().timestamp()).toList();
        assertThat(onlineTimestamps.get(0)).isEqualTo(will.envelope().timestamp());
        assertThat(onlineTimestamps.get(onlineTimestamps.size() - 1)).isGreaterThan(will.envelope().timestamp());
    }

    @Test
    void closeSaysOfflineItself() throws Exception {
        String id = kiosk(4);
        RecordingMqttClient observer = client(broker, OBSERVER, Topics.of(id, Channel.STATUS));
        MqttLink link = link(broker, 4, new Sequences());
        link.start();
        await().atMost(PATIENCE).until(() -> presences(observer, id).contains(Body.Presence.ONLINE));

        link.close();

        await().atMost(PATIENCE).until(() -> presences(observer, id).contains(Body.Presence.OFFLINE));
        assertThat(link.isConnected()).isFalse();
        // The last word is retained: a dashboard starting now sees the kiosk offline.
        RecordingMqttClient late = client(broker, OBSERVER, Topics.of(id, Channel.STATUS));
        await().atMost(PATIENCE).until(() -> presences(late, id).equals(List.of(Body.Presence.OFFLINE)));
    }

    @Test
    void commandsAreAnsweredMalformedOnesIgnoredAndCommandsWaitForAnAbsentKiosk() throws Exception {
        String id = kiosk(5);
        String ackTopic = Topics.of(id, Channel.COMMAND_ACK);
        RecordingMqttClient observer = client(broker, OBSERVER, ackTopic, Topics.of(id, Channel.STATUS));
        RecordingMqttClient admin = client(broker, ADMIN);
        MqttLink link = startWithCommands(broker, 5);
        await().atMost(PATIENCE).until(() -> presences(observer, id).contains(Body.Presence.ONLINE));

        admin.publish(Topics.of(id, Channel.COMMAND), "{not json".getBytes(StandardCharsets.UTF_8), false);
        Envelope ping = command(id, "ping", Duration.ofMinutes(1));
        Envelope unknown = command(id, "self-destruct", Duration.ofMinutes(1));
        Envelope expired = command(id, "ping", Duration.ofMinutes(-1));
        admin.publish(ping);
        admin.publish(unknown);
        admin.publish(expired);

        // ping: accepted, then done; the others one final ack each
        await().atMost(PATIENCE).until(() -> observer.received(ackTopic).size() >= 4);
        assertThat(ack(observer, ping).state()).isEqualTo(Body.AckState.DONE);
        assertThat(ack(observer, unknown).state()).isEqualTo(Body.AckState.REJECTED);
        assertThat(ack(observer, unknown).detail()).isEqualTo("unknown command: self-destruct");
        assertThat(ack(observer, expired).state()).isEqualTo(Body.AckState.EXPIRED);
        assertThat(link.rejectedInboundCount()).isEqualTo(1);
        assertThat(link.isConnected()).isTrue();

        // Away with a clean disconnect: the session (expiry 1 day) keeps the subscription, and a
        // command sent meanwhile is delivered when the kiosk comes back.
        link.close();
        Envelope whileAway = command(id, "ping", Duration.ofMinutes(5));
        admin.publish(whileAway);
        startWithCommands(broker, 5);
        await().atMost(PATIENCE).until(() -> finished(observer, whileAway));
        assertThat(ack(observer, whileAway).state()).isEqualTo(Body.AckState.DONE);
    }

    @Test
    void afterABrokerRestartTheLinkReconnectsByItselfSaysOnlineAgainAndResubscribes() throws Exception {
        String id = kiosk(6);
        String statusTopic = Topics.of(id, Channel.STATUS);
        String ackTopic = Topics.of(id, Channel.COMMAND_ACK);
        Path dir = Files.createDirectories(brokerDir.resolve("restart"));
        try (Mosquitto own = Mosquitto.start(dir, users())) {
            RecordingMqttClient before = RecordingMqttClient.connect(own.url(), OBSERVER, "observer-pw")
                    .subscribe(statusTopic);
            MqttLink link = startWithCommands(own, 6);
            await().atMost(PATIENCE).until(() -> presences(before, id).contains(Body.Presence.ONLINE));
            String firstOnline = before.received(statusTopic).get(0).envelope().id();
            before.close();

            own.stop();
            await().atMost(PATIENCE).until(() -> !link.isConnected());
            own.restart();

            // Nothing survives the restart (persistence off): an online status now is a new one.
            RecordingMqttClient after = client(own, OBSERVER, statusTopic, ackTopic);
            await().atMost(PATIENCE).until(() -> after.received(statusTopic).stream()
                    .anyMatch(r -> ((Body.Status) r.envelope().body()).state() == Body.Presence.ONLINE
                            && !r.envelope().id().equals(firstOnline)));
            assertThat(link.connectionCount()).isGreaterThanOrEqualTo(2);

            // The broker forgot the session; commands still reach the kiosk because it subscribed again.
            Envelope ping = command(id, "ping", Duration.ofMinutes(1));
            client(own, ADMIN).publish(ping);
            await().atMost(PATIENCE).until(() -> finished(after, ping));
            assertThat(ack(after, ping).state()).isEqualTo(Body.AckState.DONE);
            closeAll(); // before the broker goes
            toClose.clear();
        }
    }

    private MqttLink startWithCommands(Mosquitto mosquitto, int n) {
        Sequences sequences = new Sequences();
        MqttLink link = link(mosquitto, n, sequences);
        CommandHandler commands = new CommandHandler(bundle(mosquitto, n), Clock.systemUTC(), sequences, link,
                new CommandHandler.Ports(new SimulatedSystemControl(), ContentRefresher.UNAVAILABLE, max -> ""),
                brokerDir);
        link.onMessage(Channel.COMMAND, commands::handle);
        link.start();
        return link;
    }

    private static Envelope command(String kioskId, String name, Duration validFor) {
        long now = System.currentTimeMillis();
        return Envelope.create(kioskId, now, 1, new Body.Command(name, now + validFor.toMillis(), Map.of()));
    }

    private static boolean finished(RecordingMqttClient observer, Envelope command) {
        return observer.received(Topics.of(command.kioskId(), Channel.COMMAND_ACK)).stream()
                .map(r -> (Body.CommandAck) r.envelope().body())
                .anyMatch(a -> a.commandId().equals(command.id()) && a.state() != Body.AckState.ACCEPTED);
    }

    /** The command's final ack (after "accepted"). */
    private static Body.CommandAck ack(RecordingMqttClient observer, Envelope command) {
        return observer.received(Topics.of(command.kioskId(), Channel.COMMAND_ACK)).stream()
                .map(r -> (Body.CommandAck) r.envelope().body())
                .filter(a -> a.commandId().equals(command.id()) && a.state() != Body.AckState.ACCEPTED)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ack for " + command.id()));
    }
}
