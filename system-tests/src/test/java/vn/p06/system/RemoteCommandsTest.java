package vn.p06.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    private static final String KIOSK = OneKioskFleet.KIOSK;

    @TempDir
    Path dir;
    private OneKioskFleet fleet;
    private AgentRuntime kiosk;

    @AfterEach
    void stop() {
        if (kiosk != null) {
            kiosk.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return fleet.call(method, path, body);
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
        fleet = OneKioskFleet.start(dir, "cmds");
        EnrollmentBundle bundle = fleet.bundle();
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
