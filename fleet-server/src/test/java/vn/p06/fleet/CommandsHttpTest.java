package vn.p06.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.command.Command;
import vn.p06.fleet.live.LiveEvents;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;
import vn.p06.testsupport.MutableClock;
import vn.p06.testsupport.RecordingMqttClient;

/**
 * Remote commands end to end: a real fleet server, its embedded broker, a Paho client as the kiosk,
 * real HTTP. One server for the class (starting one costs seconds); each test uses its own commands.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A = "26734-001";
    private static final String B = "26734-002";
    private static final String SECRET_A = "secret-of-kiosk-a-0123456789";
    private static final String SECRET_B = "secret-of-kiosk-b-0123456789";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    record Audit(String actor, String action, String target, String detail) {
    }

    /** What the server's audit log (its real table) holds. */
    private List<Audit> audit() {
        return fleet.server.audit().recent(10_000).stream()
                .map(e -> new Audit(e.actor(), e.action(), e.target(), e.detail())).toList();
    }

    @TempDir
    static Path dir;
    // whole milliseconds: the database keeps microseconds, and rounding would shift minutes by one
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    private final List<LiveEvents.Event> live = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private TestFleet fleet;
    private RecordingMqttClient kioskA;

    @BeforeAll
    void setUp() throws Exception {
        fleet = TestFleet.start(dir, clock);
        fleet.server.live().subscribe(live::add);
        fleet.enroll(A, SECRET_A);
        fleet.enroll(B, SECRET_B);
        kioskA = KioskMqtt.connect(fleet.mqttUrl(), A, A, SECRET_A);
        kioskA.subscribe(Topics.of(A, Channel.COMMAND));
    }

    @AfterAll
    void tearDown() throws Exception {
        kioskA.close();
        fleet.close();
    }

    private JsonNode send(String kioskId, String body) throws Exception {
        HttpResponse<String> response = fleet.admin("POST", "/api/kiosks/" + kioskId + "/commands", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    private JsonNode command(String kioskId, String id) throws Exception {
        HttpResponse<String> response = fleet.admin("GET", "/api/kiosks/" + kioskId + "/commands", null);
        assertThat(response.statusCode()).isEqualTo(200);
        for (JsonNode command : JSON.readTree(response.body())) {
            if (command.get("id").asText().equals(id)) {
                return command;
            }
        }
        throw new AssertionError("no command " + id + " in " + response.body());
    }

    private Envelope receivedCommand(String id) {
        return kioskA.awaitEnvelope(e -> e.id().equals(id));
    }

    private void ack(RecordingMqttClient kiosk, String kioskId, String commandId, Body.AckState state, String detail)
            throws Exception {
        kiosk.publish(Envelope.create(kioskId, clock.millis(), 1, new Body.CommandAck(commandId, state, detail)));
    }

    /** Ticks the command job (as the server does every second) until the command is in {@code state}. */
    private JsonNode awaitState(String kioskId, String id, String state) {
        return await().until(() -> {
            fleet.server.commands().tick();
            return command(kioskId, id);
        }, command -> command.get("state").asText().equals(state));
    }

    @Test
    void aCommandTravelsToTheKioskAndItsAcksMoveItToDone() throws Exception {
        JsonNode sent = send(A, "{\"name\":\"restart-app\",\"arguments\":{\"reason\":\"stuck video\"},\"ttlSeconds\":120}");
        String id = sent.get("id").asText();
        assertThat(sent.get("state").asText()).isEqualTo("sent");
        assertThat(sent.get("createdBy").asText()).isEqualTo("admin-token");
        assertThat(Instant.parse(sent.get("expiresAt").asText())).isEqualTo(clock.instant().plusSeconds(120)
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(sent.get("result").isNull()).isTrue();

        Envelope received = receivedCommand(id);
        Body.Command body = (Body.Command) received.body();
        assertThat(body.name()).isEqualTo("restart-app");
        assertThat(body.arguments()).containsEntry("reason", "stuck video");
        assertThat(body.expiresAt()).isEqualTo(clock.instant().plusSeconds(120).toEpochMilli());

        ack(kioskA, A, id, Body.AckState.ACCEPTED, null);
        awaitState(A, id, "accepted");
        ack(kioskA, A, id, Body.AckState.DONE, "restarted");
        JsonNode done = awaitState(A, id, "done");
        assertThat(done.get("detail").asText()).isEqualTo("restarted");

        assertThat(audit()).anySatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo("admin-token");
            assertThat(entry.action()).isEqualTo("command.sent");
            assertThat(entry.target()).isEqualTo(A);
            assertThat(entry.detail()).contains("restart-app", id);
        });
        assertThat(live).filteredOn(e -> e.type().equals("command") && ((Command) e.payload()).id().equals(id))
                .extracting(e -> ((Command) e.payload()).state()).containsSubsequence("sent", "accepted", "done");
    }

    @Test
    void aCommandNobodyAnswersExpiresButALateAnswerFromTheKioskStillCounts() throws Exception {
        String id = send(A, "{\"name\":\"ping\",\"ttlSeconds\":30}").get("id").asText();
        fleet.server.commands().tick();
        assertThat(command(A, id).get("state").asText()).isEqualTo("sent");
        clock.advance(Duration.ofSeconds(31));
        JsonNode expired = awaitState(A, id, "expired");
        assertThat(expired.get("detail").asText()).contains("did not answer");

        ack(kioskA, A, id, Body.AckState.DONE, null);
        awaitState(A, id, "done");
    }

    @Test
    void aKioskCannotMoveAnotherKiosksCommand() throws Exception {
        String id = send(A, "{\"name\":\"reboot\"}").get("id").asText();
        try (RecordingMqttClient kioskB = KioskMqtt.connect(fleet.mqttUrl(), B, B, SECRET_B)) {
            ack(kioskB, B, id, Body.AckState.DONE, "not mine");
            await().until(() -> fleet.server.telemetry().count("command_acks", B) == 1);
        }
        fleet.server.commands().tick();
        assertThat(command(A, id).get("state").asText()).isEqualTo("sent");
    }

    private HttpResponse<String> upload(String pathKiosk, String commandId, String user, String secret,
                                        String contentType, byte[] body) throws Exception {
        return fleet.postAsKiosk("/api/kiosks/" + pathKiosk + "/commands/" + commandId + "/result", user, secret,
                contentType, body);
    }

    @Test
    void aScreenshotIsUploadedByItsKioskOnlyAndServedToTheDashboard() throws Exception {
        String id = send(A, "{\"name\":\"screenshot\"}").get("id").asText();

        assertThat(upload(A, id, A, "wrong-secret-0123456789", "image/png", PNG).statusCode()).isEqualTo(401);
        HttpResponse<String> foreign = upload(B, id, B, SECRET_B, "image/png", PNG);
        assertThat(foreign.statusCode()).as("B posting for A's command").isEqualTo(403);
        assertThat(upload(A, id, B, SECRET_B, "image/png", PNG).statusCode()).as("B on A's path").isEqualTo(403);
        assertThat(upload(A, id, A, SECRET_A, "image/png", "not a png".getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(415);
        assertThat(command(A, id).get("result").isNull()).as("nothing stored by refused uploads").isTrue();

        HttpResponse<String> accepted = upload(A, id, A, SECRET_A, "image/png", PNG);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(command(A, id).get("result").asText()).isEqualTo("/api/commands/" + id + "/result");

        HttpResponse<byte[]> result = http.send(HttpRequest.newBuilder(fleet.uri("/api/commands/" + id + "/result"))
                .header("Authorization", "Bearer " + TestFleet.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(result.body()).isEqualTo(PNG);
        assertThat(fleet.getAnonymously("/api/commands/" + id + "/result").statusCode()).as("no token").isEqualTo(401);
        assertThat(audit()).extracting(Audit::actor, Audit::action).contains(org.assertj.core.groups.Tuple.tuple(A, "command.result"));
    }

    @Test
    void collectedLogsAreTextAndOnlyResultCommandsTakeUploads() throws Exception {
        String logs = send(A, "{\"name\":\"collect-logs\"}").get("id").asText();
        assertThat(upload(A, logs, A, SECRET_A, "text/plain; charset=utf-8",
                "12:00 INFO started\n".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        HttpResponse<String> text = fleet.admin("GET", "/api/commands/" + logs + "/result", null);
        assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(text.body()).isEqualTo("12:00 INFO started\n");

        String ping = send(A, "{\"name\":\"ping\"}").get("id").asText();
        assertThat(upload(A, ping, A, SECRET_A, "text/plain", "x".getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(409);
    }

    @Test
    void badRequestsAreRefusedWithTheReasonAndSendNothing() throws Exception {
        HttpResponse<String> badName = fleet.admin("POST", "/api/kiosks/" + B + "/commands", "{\"name\":\"format-disk\"}");
        int auditBefore = audit().size();
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).contains("name must be one of", "format-disk");
        HttpResponse<String> badTtl = fleet.admin("POST", "/api/kiosks/" + B + "/commands",
                "{\"name\":\"ping\",\"ttlSeconds\":0}");
        assertThat(badTtl.statusCode()).isEqualTo(400);
        assertThat(badTtl.body()).contains("ttlSeconds");
        assertThat(fleet.admin("POST", "/api/kiosks/nope-999/commands", "{\"name\":\"ping\"}").statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(fleet.uri("/api/kiosks/" + B + "/commands"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ping\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(fleet.admin("GET", "/api/kiosks/" + B + "/commands", null).body())).isEmpty();
        assertThat(audit()).hasSize(auditBefore);
    }
}
