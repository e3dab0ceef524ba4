package vn.p06.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.TestFleet;
import vn.p06.fleet.content.ContentClient;
import vn.p06.fleet.content.SimKiosk;
import vn.p06.protocol.content.ContentKey;
import vn.p06.testsupport.MutableClock;

/**
 * Staged rollouts on the real parts: a fleet server over loopback HTTP, its embedded broker and
 * H2 file, kiosks on MQTT. The engine is driven by calling {@code tick()}; the server's clock is
 * a MutableClock.
 */
class RolloutTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
    private TestFleet fleet;
    private ContentClient content;
    private FakeKiosks kiosks;
    private int mqttPort;

    @BeforeEach
    void start() throws Exception {
        mqttPort = TestFleet.freePort();
        fleet = TestFleet.start(dataDir, mqttPort, clock);
        content = new ContentClient(fleet.server.httpPort());
        kiosks = new FakeKiosks(fleet.server, "fleet-test-fake-kiosks");
    }

    @AfterEach
    void stop() throws Exception {
        kiosks.close();
        fleet.close();
    }

    @Test
    void aPublishedReleaseReachesAKioskWhichReportsActiveAndOneChangedVideoMovesOneBlob() throws Exception {
        JsonNode enrolled = ContentClient.JSON.readTree(fleet.admin("PUT", "/api/admin/kiosks/00004-001",
                "{\"commune\":\"00004\",\"secret\":\"kiosk-secret-0123456789\"}").body());
        var pinned = ContentKey.decodePublicKey(enrolled.get("contentPublicKey").asText());
        List<String> videos = new java.util.ArrayList<>();
        long total = 0;
        for (int i = 0; i < 20; i++) {
            byte[] bytes = bytes(20_000 + i, i);
            total += bytes.length;
            videos.add(content.upload("video-" + i + ".mp4", bytes).get("sha256").asText());
        }
        content.playlist("attract", videos);
        content.release("r1", "attract");
        content.json("PUT", "/api/content/groups/xa-4", Map.of("communes", List.of("00004")), 200);
        String fleetUrl = "http://127.0.0.1:" + fleet.server.httpPort();

        try (SimKiosk kiosk = new SimKiosk("00004-001", "kiosk-secret-0123456789", fleet.mqttUrl(), fleetUrl, pinned)) {
            long id = startRollout("r1", "xa-4", 1, List.of(100)).get("id").asLong();
            await().atMost(WAIT).until(() -> !kiosk.desired().isEmpty());
            kiosk.sync();
            assertThat(kiosk.active()).isEqualTo("r1");
            assertThat(kiosk.bytesDownloaded.get()).isEqualTo(total);
            awaitRollout(id, "completed");
            assertThat(rollout(id).get("kiosks").get(0).get("phase").asText()).isEqualTo("active");

            byte[] changed = bytes(30_000, 99);
            List<String> next = new java.util.ArrayList<>(videos);
            next.set(11, content.upload("video-11-v2.mp4", changed).get("sha256").asText());
            content.playlist("attract", next);
            content.release("r2", "attract");
            long second = startRollout("r2", "xa-4", 1, List.of(100)).get("id").asLong();
            await().atMost(WAIT).until(() -> kiosk.desired().size() == 2);
            kiosk.sync();
            assertThat(kiosk.active()).isEqualTo("r2");
            assertThat(kiosk.bytesDownloaded.get() - total).as("only the changed video moves").isEqualTo(changed.length);
            awaitRollout(second, "completed");
        }
        // A kiosk that connects later (a reboot, a link back after days) gets the retained desired state.
        try (SimKiosk late = new SimKiosk("00004-001", "kiosk-secret-0123456789", fleet.mqttUrl(), fleetUrl, pinned)) {
            await().atMost(WAIT).until(() -> !late.desired().isEmpty());
            assertThat(late.desired().get(0).release()).isEqualTo("r2");
        }
    }

    @Test
    void wavesOpenWhenTheCurrentOnesKiosksAreActive() throws Exception {
        List<String> ten = enroll("00007", 10);
        release("w1");
        content.json("PUT", "/api/content/groups/prefix-0000", Map.of("communePrefix", "0000"), 200);

        long id = startRollout("w1", "prefix-0000", 2, List.of(50, 100)).get("id").asLong();
        await().atMost(WAIT).until(() -> kiosks.told("w1") == 2);
        assertThat(kiosks.desired()).containsOnlyKeys(ten.get(0), ten.get(1));

        kiosks.downloading(ten.get(0), "w1", 40);
        kiosks.active(ten.get(1), "w1");
        awaitKiosk(id, ten.get(0), "downloading");
        assertThat(kioskOf(id, ten.get(0)).get("percent").asInt()).isEqualTo(40);
        assertThat(rollout(id).get("currentWave").asInt()).isZero();

        kiosks.active(ten.get(0), "w1");
        await().atMost(WAIT).until(() -> kiosks.told("w1") == 5);
        for (int i = 2; i < 5; i++) {
            kiosks.active(ten.get(i), "w1");
        }
        await().atMost(WAIT).until(() -> kiosks.told("w1") == 10);
        assertThat(rollout(id).get("currentWave").asInt()).isEqualTo(2);
        for (int i = 5; i < 10; i++) {
            kiosks.active(ten.get(i), "w1");
        }
        awaitRollout(id, "completed");
        assertThat(rollout(id).get("counts").get("active").asInt()).isEqualTo(10);
    }

    @Test
    void aFailingCanaryPausesTheRolloutAndRollbackRestoresThePreviousRelease() throws Exception {
        List<String> five = enroll("00010", 5);
        release("good");
        release("bad");
        content.json("PUT", "/api/content/groups/xa-10", Map.of("communes", List.of("00010")), 200);
        long first = startRollout("good", "xa-10", 5, List.of(100)).get("id").asLong();
        for (String kiosk : five) {
            kiosks.active(kiosk, "good");
        }
        awaitRollout(first, "completed");

        long id = startRollout("bad", "xa-10", 2, List.of(100)).get("id").asLong();
        await().atMost(WAIT).until(() -> kiosks.told("bad") == 2);
        kiosks.failed(five.get(0), "bad", "blob 3f2a hash mismatch");
        kiosks.active(five.get(1), "bad");

        awaitRollout(id, "paused");
        JsonNode paused = rollout(id);
        assertThat(paused.get("reason").asText()).contains("1 of 2 finished kiosks failed");
        assertThat(kioskOf(id, five.get(0)).get("detail").asText()).isEqualTo("blob 3f2a hash mismatch");
        tick();
        assertThat(kiosks.told("bad")).as("a paused rollout tells nobody else").isEqualTo(2);

        JsonNode rolledBack = content.json("POST", "/api/content/rollouts/" + id + "/rollback", null, 200);
        assertThat(rolledBack.get("state").asText()).isEqualTo("rolled_back");
        await().atMost(WAIT).until(() -> kiosks.told("good") == 5);
        // What a kiosk connecting now is told (retained): the good release again.
        try (FakeKiosks late = new FakeKiosks(fleet.server, "fleet-test-late-subscriber")) {
            await().atMost(WAIT).until(() -> late.desired().size() == 5);
            assertThat(late.desired().values()).containsOnly("good");
        }
    }

    @Test
    void pauseHoldsAndResumeAcceptsTheFailuresSoFar() throws Exception {
        List<String> four = enroll("00013", 4);
        release("p1");
        content.json("PUT", "/api/content/groups/xa-13", Map.of("communes", List.of("00013")), 200);
        long id = startRollout("p1", "xa-13", 1, List.of(50, 100)).get("id").asLong();
        await().atMost(WAIT).until(() -> kiosks.told("p1") == 1);

        content.json("POST", "/api/content/rollouts/" + id + "/pause", null, 200);
        kiosks.active(four.get(0), "p1");
        awaitKiosk(id, four.get(0), "active");
        assertThat(rollout(id).get("state").asText()).isEqualTo("paused");
        assertThat(kiosks.told("p1")).isEqualTo(1);
        content.json("POST", "/api/content/rollouts/" + id + "/pause", null, 409);

        content.json("POST", "/api/content/rollouts/" + id + "/resume", null, 200);
        await().atMost(WAIT).until(() -> kiosks.told("p1") == 2);
        kiosks.failed(four.get(1), "p1", "disk full");
        awaitRollout(id, "paused");

        // The operator looked at it and resumes: that failure is accepted, the rollout goes on.
        content.json("POST", "/api/content/rollouts/" + id + "/resume", null, 200);
        await().atMost(WAIT).until(() -> kiosks.told("p1") == 4);
        kiosks.active(four.get(2), "p1");
        kiosks.active(four.get(3), "p1");
        awaitRollout(id, "completed");
    }

    @Test
    void aRolloutContinuesAfterTheServerRestarts() throws Exception {
        List<String> four = enroll("00016", 4);
        release("s1");
        content.json("PUT", "/api/content/groups/xa-16", Map.of("communes", List.of("00016")), 200);
        long id = startRollout("s1", "xa-16", 1, List.of(100)).get("id").asLong();
        await().atMost(WAIT).until(() -> kiosks.told("s1") == 1);

        kiosks.close();
        fleet.close();
        fleet = TestFleet.start(dataDir, mqttPort, clock);
        content = new ContentClient(fleet.server.httpPort());
        kiosks = new FakeKiosks(fleet.server, "fleet-test-fake-kiosks");

        assertThat(rollout(id).get("state").asText()).isEqualTo("running");
        await().atMost(WAIT).until(() -> kiosks.told("s1") == 1); // retained across the broker's restart
        kiosks.active(four.get(0), "s1");
        await().atMost(WAIT).until(() -> kiosks.told("s1") == 4);
        four.forEach(kiosk -> {
            try {
                kiosks.active(kiosk, "s1");
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitRollout(id, "completed");
    }

    @Test
    void badRolloutRequestsSayWhatIsWrong() throws Exception {
        enroll("00019", 1);
        release("e1");
        content.json("PUT", "/api/content/groups/xa-19", Map.of("communes", List.of("00019")), 200);
        assertThat(error(Map.of("release", "nope", "group", "xa-19"), 400)).contains("no release nope");
        assertThat(error(Map.of("release", "e1", "group", "nope"), 404)).contains("no group nope");
        assertThat(error(Map.of("release", "e1", "group", "xa-19", "waves", List.of(50, 20)), 400)).contains("increasing");
        content.json("PUT", "/api/content/groups/empty", Map.of("tag", "nobody"), 200);
        assertThat(error(Map.of("release", "e1", "group", "empty"), 400)).contains("has no kiosks");
        startRollout("e1", "xa-19", 1, List.of(100));
        assertThat(error(Map.of("release", "e1", "group", "xa-19"), 409)).contains("roll it back or let it complete");
        content.json("PUT", "/api/content/groups/both", Map.of("tag", "a", "communePrefix", "1"), 400);
    }

    private String error(Map<String, Object> body, int status) throws Exception {
        return content.json("POST", "/api/content/rollouts", body, status).get("error").asText();
    }

    private List<String> enroll(String commune, int count) throws Exception {
        List<String> ids = IntStream.rangeClosed(1, count).mapToObj(n -> String.format("%s-%03d", commune, n)).toList();
        for (String id : ids) {
            fleet.enroll(id, "secret-of-" + id + "-0123456789");
        }
        return ids;
    }

    private void release(String name) throws Exception {
        String sha = content.upload(name + ".mp4", bytes(1000, name.hashCode())).get("sha256").asText();
        content.playlist("pl-" + name, List.of(sha));
        content.release(name, "pl-" + name);
    }

    private JsonNode startRollout(String release, String group, int canary, List<Integer> waves) throws Exception {
        return content.json("POST", "/api/content/rollouts",
                Map.of("release", release, "group", group, "canary", canary, "waves", waves), 201);
    }

    private JsonNode rollout(long id) throws Exception {
        return content.json("GET", "/api/content/rollouts/" + id, null, 200);
    }

    private JsonNode kioskOf(long id, String kiosk) throws Exception {
        for (JsonNode node : rollout(id).get("kiosks")) {
            if (node.get("kioskId").asText().equals(kiosk)) {
                return node;
            }
        }
        throw new AssertionError("kiosk " + kiosk + " not in rollout " + id);
    }

    /** Reports reach the engine through the broker and ingest: tick until they have. */
    private void awaitRollout(long id, String state) {
        await().atMost(WAIT).untilAsserted(() -> {
            tick();
            assertThat(rollout(id).get("state").asText()).isEqualTo(state);
        });
    }

    private void awaitKiosk(long id, String kiosk, String phase) {
        await().atMost(WAIT).untilAsserted(() -> {
            tick();
            assertThat(kioskOf(id, kiosk).get("phase").asText()).isEqualTo(phase);
        });
    }

    private void tick() {
        clock.advance(Duration.ofSeconds(5));
        fleet.server.rollouts().engine().tick();
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }
}
