package vn.p06.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.FleetConfig;
import vn.p06.fleet.FleetServer;
import vn.p06.fleet.broker.EmbeddedBroker;
import vn.p06.kiosk.AgentRuntime;
import vn.p06.kiosk.telemetry.MqttLink;
import vn.p06.protocol.EnrollmentBundle;

/**
 * Remote commands between the real parts: the fleet server with its embedded broker, and the real
 * kiosk agent (outbox, MQTT link, command handler and its journal) on a simulated machine. A reboot
 * is acknowledged "accepted" before and "done" by the agent that starts after it.
 */
class RemoteCommandsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "commands-admin-token-0123456789";
    private static final String KIOSK = "26734-001";
    private static final String SECRET = "kiosk-secret-for-commands-0123";

    @TempDir
    Path dir;
    private FleetServer server;
    private AgentRuntime kiosk;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (kiosk != null) {
            kiosk.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String send(String name) throws Exception {
        HttpResponse<String> response = call("POST", "/api/kiosks/" + KIOSK + "/commands",
                "{\"name\":\"" + name + "\",\"ttlSeconds\":120}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("id").asText();
    }

    private JsonNode awaitState(String id, String state) {
        return await().atMost(WAIT).until(() -> {
            for (JsonNode command : JSON.readTree(call("GET", "/api/kiosks/" + KIOSK + "/commands", null).body())) {
                if (command.get("id").asText().equals(id)) {
                    return command;
                }
            }
            return JSON.createObjectNode();
        }, command -> state.equals(command.path("state").asText()));
    }

    private AgentRuntime startKiosk(EnrollmentBundle bundle) throws Exception {
        return AgentRuntime.start(List.of(bundle), dir.resolve("kiosk"), Duration.ofSeconds(5),
                MqttLink.Options.defaults(), Optional.of(new AgentRuntime.Simulation(0, false)));
    }

    @Test
    void commandsTravelToTheRealKioskAgentAndTheirResultsComeBack() throws Exception {
        int mqttPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            mqttPort = socket.getLocalPort();
        }
        server = FleetServer.start(new FleetConfig(dir.resolve("fleet"), "127.0.0.1", 0, mqttPort, Optional.empty(),
                EmbeddedBroker.Persistence.FILE, TOKEN, "tcp://127.0.0.1:" + mqttPort, "http://127.0.0.1:0", "cmds"),
                Clock.systemUTC());
        assertThat(call("PUT", "/api/admin/kiosks/" + KIOSK, "{\"commune\":\"26734\",\"secret\":\"" + SECRET + "\"}")
                .statusCode()).isIn(200, 201);
        EnrollmentBundle bundle = new EnrollmentBundle(KIOSK, "26734", "tcp://127.0.0.1:" + mqttPort, KIOSK, SECRET,
                "http://127.0.0.1:" + server.httpPort());
        kiosk = startKiosk(bundle);
        await().atMost(WAIT).until(() -> JSON.readTree(call("GET", "/api/kiosks/" + KIOSK, null).body())
                .path("online").asBoolean());

        awaitState(send("ping"), "done");

        String logs = send("collect-logs");
        JsonNode collected = awaitState(logs, "done");
        assertThat(collected.get("detail").asText()).contains("redacted");
        HttpResponse<String> result = call("GET", collected.get("result").asText(), null);
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("simulated kiosk");

        JsonNode screenshot = awaitState(send("screenshot"), "failed");
        assertThat(screenshot.get("detail").asText()).contains("headless");

        String reboot = send("reboot");
        awaitState(reboot, "accepted");
        kiosk.close();
        kiosk = startKiosk(bundle); // the machine is back
        assertThat(awaitState(reboot, "done").get("detail").asText()).startsWith("kiosk back");
    }
}
