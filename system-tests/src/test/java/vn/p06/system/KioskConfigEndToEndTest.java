package vn.p06.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.kiosk.AgentRuntime;
import vn.p06.kiosk.config.ConfigFile;
import vn.p06.kiosk.config.ConfigSync;
import vn.p06.kiosk.telemetry.MqttLink;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Codec;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;

/**
 * The fleet's config overlay between the real parts: the fleet server with its embedded broker and
 * the real kiosk agent with its ConfigSync. IT staff's change is applied and reported; a bad value
 * published around the server is refused by the kiosk, which keeps its settings and names the key;
 * a restarted kiosk keeps the overlay it applied.
 */
class KioskConfigEndToEndTest {
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

    private JsonNode reported() {
        return await().atMost(WAIT).until(() -> JSON.readTree(call("GET", "/api/kiosks/" + KIOSK + "/config", null)
                .body()).path("reported"), node -> !node.isNull() && !node.isMissingNode());
    }

    /** The kiosk as the UI or KioskMain starts it: settings, the kept overlay, the agent. */
    private ConfigSync startKiosk(EnrollmentBundle bundle) throws Exception {
        Path data = dir.resolve("kiosk");
        ConfigFile file = ConfigFile.read(Optional.empty(), Map.of("paths.data-dir", data.toString()));
        ConfigSync sync = ConfigSync.open(file, data);
        kiosk = AgentRuntime.start(List.of(bundle), data, sync.current().healthInterval(), MqttLink.Options.defaults(),
                Optional.empty(), List.of(), Optional.of(sync));
        return sync;
    }

    @Test
    void theKioskAppliesReportsRefusesAndKeepsItsConfig() throws Exception {
        fleet = OneKioskFleet.start(dir, "cfg");
        EnrollmentBundle bundle = fleet.bundle();
        ConfigSync sync = startKiosk(bundle);
        assertThat(sync.current().kiosk().language()).isEqualTo("vi");

        // IT staff change the language and the health interval
        HttpResponse<String> set = call("PUT", "/api/kiosks/" + KIOSK + "/config",
                "{\"kiosk.language\":\"en\",\"telemetry.health-interval-seconds\":60,\"printer.kind\":\"simulated\"}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

        await().atMost(WAIT).until(() -> reported().path("version").asLong() == 1);
        assertThat(reported().path("detail").asText()).isEqualTo("config 1: restart needed for printer.kind");
        assertThat(sync.current().kiosk().language()).isEqualTo("en");
        assertThat(sync.current().healthInterval()).isEqualTo(Duration.ofSeconds(60));

        // a bad value published straight on the desired topic, around the server's checks
        publishDesired(fleet.mqttPort(), new Body.DesiredState(null, null, 2, Map.of("kiosk.language", "fr")));

        await().atMost(WAIT).until(() -> reported().path("detail").asText(), d -> d.startsWith("config 2 refused"));
        assertThat(reported().path("detail").asText()).isEqualTo("config 2 refused: kiosk.language: must be vi or en");
        assertThat(reported().path("version").asLong()).isEqualTo(1);
        assertThat(sync.current().kiosk().language()).isEqualTo("en");

        // the kiosk restarts: the overlay it applied is still there, the bad one still refused
        kiosk.close();
        kiosk = null;
        ConfigSync restarted = startKiosk(bundle);
        assertThat(restarted.version()).isEqualTo(1);
        assertThat(restarted.current().kiosk().language()).isEqualTo("en");
        assertThat(restarted.current().telemetry().healthIntervalSeconds()).isEqualTo(60);
        await().atMost(WAIT).until(() -> restarted.outcome() instanceof ConfigSync.Outcome.Refused);
    }

    /** As a misbehaving tool with the server's own broker credentials would. */
    private void publishDesired(int mqttPort, Body.DesiredState desired) throws Exception {
        MqttClient tool = new MqttClient("tcp://127.0.0.1:" + mqttPort, "fleet-config-test-tool", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(fleet.server().brokerServiceCredentials().username());
        options.setPassword(fleet.server().brokerServiceCredentials().password().getBytes(StandardCharsets.UTF_8));
        tool.connect(options);
        try {
            tool.publish(Topics.of(KIOSK, Channel.DESIRED),
                    Codec.encode(Envelope.create(KIOSK, System.currentTimeMillis(), 99, desired)), 1, true);
        } finally {
            tool.disconnect();
            tool.close();
        }
    }
}
