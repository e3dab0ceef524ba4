package vn.p06.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.p06.protocol.ProtocolException.Reason;

class CodecTest {

    private static final String KIOSK = "26734-001";

    static Stream<Body> everyBodyType() {
        return Stream.of(
                new Body.Status(Body.Presence.ONLINE, "0.1.0"),
                new Body.Health(51.5, 0.42, 4, 4_000_000_000L, 2_500_000_000L, 32_000_000_000L,
                        20_000_000_000L, 3600, List.of("10.0.0.7"), "Debian 12", "17.0.15", "0.1.0",
                        Map.of("printer", new Body.Peripheral(true, "paper-out", "tray 1"))),
                new Body.Health(null, 0, 1, 1, 1, 1, 1, 0, List.of(), null, null, null, Map.of()),
                new Body.Health(40.0, 0, 1, 1, 1, 1, 1, 0, List.of(), null, null, null, Map.of())
                        .withOutbox(new Body.OutboxStats(12, 3600, 5, 0, "disk full")),
                new Body.HealthBatch(List.of(
                        new Body.HealthSample(Envelope.newId(), 1_699_999_970_000L, 41, new Body.Health(50.0, 0.3, 4,
                                1, 1, 1, 1, 60, List.of(), null, null, null, Map.of())),
                        new Body.HealthSample(Envelope.newId(), 1_700_000_000_000L, 42, new Body.Health(null, 0, 1,
                                1, 1, 1, 1, 90, List.of(), null, null, null, Map.of())))),
                new Body.EventBatch(List.of(new Body.UsageEvent(Envelope.newId(), 1_700_000_000_000L, 7,
                        "service.viewed", Map.of("service", "residence-temporary")))),
                new Body.Command("restart-app", 1_700_000_060_000L, Map.of()),
                new Body.CommandAck(Envelope.newId(), Body.AckState.DONE, null),
                new Body.DesiredState("r-12", "ab".repeat(32), 3),
                new Body.DesiredState("r-12", "ab".repeat(32), 4, Map.of("kiosk.language", "en")),
                new Body.ReportedState("r-11", "r-12", 40, 3, null),
                new Body.Stored(List.of(Envelope.newId(), Envelope.newId())));
    }

    @ParameterizedTest
    @MethodSource("everyBodyType")
    void everyMessageTypeSurvivesARoundTripOnItsOwnTopic(Body body) throws Exception {
        Envelope sent = Envelope.create(KIOSK, 1_700_000_000_000L, 42, body);

        Envelope received = Codec.decode(sent.topic(), Codec.encode(sent));

        assertThat(received).isEqualTo(sent);
        assertThat(received.topic()).isEqualTo("kiosk/v1/" + KIOSK + "/" + body.getClass().getSimpleName()
                .transform(CodecTest::expectedSuffix));
    }

    private static String expectedSuffix(String recordName) {
        return switch (recordName) {
            case "Status" -> "status";
            case "Health", "HealthBatch" -> "health";
            case "EventBatch" -> "events";
            case "Command" -> "cmd";
            case "CommandAck" -> "cmd/ack";
            case "DesiredState" -> "desired";
            case "ReportedState" -> "reported";
            case "Stored" -> "stored";
            default -> throw new AssertionError(recordName);
        };
    }

    @Test
    void theWireFormatIsTheDocumentedEnvelope() {
        Envelope sent = new Envelope(1, "0190a8e4-0000-7000-8000-000000000001", KIOSK, 5, 6,
                new Body.Status(Body.Presence.OFFLINE, null));

        assertThat(new String(Codec.encode(sent), UTF_8)).isEqualTo(
                "{\"v\":1,\"type\":\"status\",\"id\":\"0190a8e4-0000-7000-8000-000000000001\","
                        + "\"kiosk\":\"26734-001\",\"ts\":5,\"seq\":6,\"body\":{\"state\":\"offline\",\"appVersion\":null}}");
    }

    static Stream<Arguments> badPayloads() {
        String ok = "\"id\":\"0190a8e4-0000-7000-8000-000000000001\",\"kiosk\":\"26734-001\",\"ts\":1,\"seq\":1";
        return Stream.of(
                Arguments.of("{not json", Reason.MALFORMED),
                Arguments.of("[1,2]", Reason.MALFORMED),
                Arguments.of("", Reason.MALFORMED),
                Arguments.of("{\"type\":\"status\"," + ok + ",\"body\":{\"state\":\"online\"}}", Reason.MALFORMED),
                Arguments.of("{\"v\":\"1\",\"type\":\"status\"," + ok + ",\"body\":{\"state\":\"online\"}}", Reason.MALFORMED),
                Arguments.of("{\"v\":2,\"type\":\"status\"," + ok + ",\"body\":{\"state\":\"online\"}}", Reason.UNKNOWN_VERSION),
                Arguments.of("{\"v\":1,\"type\":\"selfie\"," + ok + ",\"body\":{}}", Reason.UNKNOWN_TYPE),
                Arguments.of("{\"v\":1,\"type\":\"status\"," + ok + "}", Reason.MALFORMED),
                Arguments.of("{\"v\":1,\"v\":1,\"type\":\"status\"," + ok + ",\"body\":{\"state\":\"online\"}}", Reason.MALFORMED),
                Arguments.of("{\"v\":1,\"type\":\"status\"," + ok + ",\"body\":{\"state\":\"online\"}} trailing", Reason.MALFORMED),
                Arguments.of("{\"v\":1,\"type\":\"status\"," + ok + ",\"body\":{\"state\":\"asleep\"}}", Reason.INVALID),
                Arguments.of("{\"v\":1,\"type\":\"status\"," + ok + ",\"body\":{}}", Reason.INVALID),
                Arguments.of("{\"v\":1,\"type\":\"status\",\"id\":\"x\",\"kiosk\":\"26734-001\",\"ts\":1,\"seq\":1,"
                        + "\"body\":{\"state\":\"online\"}}", Reason.INVALID),
                Arguments.of("{\"v\":1,\"type\":\"status\",\"id\":\"0190a8e4-0000-7000-8000-000000000001\","
                        + "\"kiosk\":\"../etc\",\"ts\":1,\"seq\":1,\"body\":{\"state\":\"online\"}}", Reason.INVALID),
                Arguments.of("{\"v\":1,\"type\":\"health\"," + ok + ",\"body\":{\"loadAverage1m\":-1,\"cpuCount\":1,"
                        + "\"memoryTotalBytes\":1,\"memoryAvailableBytes\":1,\"diskTotalBytes\":1,\"diskFreeBytes\":1,"
                        + "\"uptimeSeconds\":1}}", Reason.INVALID),
                Arguments.of("{\"v\":1,\"type\":\"events\"," + ok + ",\"body\":{\"events\":[]}}", Reason.INVALID),
                Arguments.of("{\"v\":1,\"type\":\"health-batch\"," + ok + ",\"body\":{\"samples\":[]}}", Reason.INVALID),
                Arguments.of("{\"v\":1,\"type\":\"health-batch\"," + ok + ",\"body\":{\"samples\":[{\"id\":\"x\","
                        + "\"ts\":1,\"seq\":1,\"health\":{\"loadAverage1m\":0,\"cpuCount\":1,\"memoryTotalBytes\":1,"
                        + "\"memoryAvailableBytes\":1,\"diskTotalBytes\":1,\"diskFreeBytes\":1,\"uptimeSeconds\":1}}]}}",
                        Reason.INVALID),
                Arguments.of("{\"v\":1,\"type\":\"health-batch\"," + ok + ",\"body\":{\"samples\":[{"
                        + "\"id\":\"0190a8e4-0000-7000-8000-000000000002\",\"ts\":1,\"seq\":1}]}}", Reason.INVALID));
    }

    @ParameterizedTest
    @MethodSource("badPayloads")
    void badPayloadsAreRefusedWithTheirReason(String payload, Reason reason) {
        assertThatThrownBy(() -> Codec.decode(payload.getBytes(UTF_8)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageStartingWith(reason.label() + ": ");
    }

    @Test
    void anOversizedPayloadIsRefusedBeforeParsing() {
        byte[] huge = new byte[Codec.MAX_PAYLOAD_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) '{'); // would be a deep-nesting parse bomb if parsed

        assertThatThrownBy(() -> Codec.decode(huge))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void aBatchOverTheEventLimitIsInvalid() {
        List<Body.UsageEvent> events = Stream.generate(() -> new Body.UsageEvent(Envelope.newId(), 1, 1, "x", Map.of()))
                .limit(Body.MAX_EVENTS_PER_BATCH + 1).toList();

        assertThatThrownBy(() -> new Body.EventBatch(events)).hasMessageContaining("at most " + Body.MAX_EVENTS_PER_BATCH);
    }

    @Test
    void aHealthBatchOverTheSampleLimitIsInvalidAndBelongsOnTheHealthChannelOnly() {
        Body.Health health = new Body.Health(null, 0, 1, 1, 1, 1, 1, 0, List.of(), null, null, null, Map.of());
        List<Body.HealthSample> samples = Stream.generate(() -> new Body.HealthSample(Envelope.newId(), 1, 1, health))
                .limit(Body.MAX_SAMPLES_PER_HEALTH_BATCH + 1).toList();
        assertThatThrownBy(() -> new Body.HealthBatch(samples))
                .hasMessageContaining("at most " + Body.MAX_SAMPLES_PER_HEALTH_BATCH);

        Envelope batch = Envelope.create(KIOSK, 1, 1, new Body.HealthBatch(samples.subList(0, 2)));
        assertThatThrownBy(() -> Codec.decode(Topics.of(KIOSK, Channel.EVENTS), Codec.encode(batch)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_CHANNEL));
        assertThat(batch.healthSamples()).isEqualTo(samples.subList(0, 2));
    }

    @Test
    void aMessageOnAnotherKiosksTopicIsRefused() {
        Envelope fromOther = Envelope.create("26734-002", 1, 1, new Body.Status(Body.Presence.ONLINE, null));

        assertThatThrownBy(() -> Codec.decode(Topics.of(KIOSK, Channel.STATUS), Codec.encode(fromOther)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.KIOSK_MISMATCH));
    }

    @Test
    void aMessageOnTheWrongChannelIsRefused() {
        Envelope status = Envelope.create(KIOSK, 1, 1, new Body.Status(Body.Presence.ONLINE, null));

        assertThatThrownBy(() -> Codec.decode(Topics.of(KIOSK, Channel.HEALTH), Codec.encode(status)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_CHANNEL));
    }

    @Test
    void aTopicOutsideTheTreeIsRefused() {
        Envelope status = Envelope.create(KIOSK, 1, 1, new Body.Status(Body.Presence.ONLINE, null));

        assertThatThrownBy(() -> Codec.decode("kiosk/v2/26734-001/status", Codec.encode(status)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_TOPIC));
    }

    @Test
    void unknownBodyFieldsWithinTheVersionAreIgnored() throws Exception {
        String payload = "{\"v\":1,\"type\":\"status\",\"id\":\"0190a8e4-0000-7000-8000-000000000001\","
                + "\"kiosk\":\"26734-001\",\"ts\":1,\"seq\":1,\"body\":{\"state\":\"online\",\"battery\":80}}";

        assertThat(Codec.decode(payload.getBytes(UTF_8)).body())
                .isEqualTo(new Body.Status(Body.Presence.ONLINE, null));
    }

    @Test
    void aDesiredStateWithoutAConfigOverlayStillDecodes() throws Exception {
        // as sent before desired states carried an overlay
        String old = "{\"v\":1,\"type\":\"desired\",\"id\":\"0190a8e4-0000-7000-8000-000000000001\","
                + "\"kiosk\":\"" + KIOSK + "\",\"ts\":5,\"seq\":6,"
                + "\"body\":{\"release\":\"r-3\",\"manifestSha256\":null,\"configVersion\":2}}";

        Envelope received = Codec.decode("kiosk/v1/" + KIOSK + "/desired", old.getBytes(UTF_8));

        assertThat(received.body()).isEqualTo(new Body.DesiredState("r-3", null, 2, Map.of()));
        // and one without an overlay is written as before: no "config" key
        assertThat(new String(Codec.encode(received), UTF_8)).doesNotContain("config\":");
    }

    @Test
    void aDesiredStateCarriesTheOverlayAsText() {
        Envelope sent = new Envelope(1, "0190a8e4-0000-7000-8000-000000000001", KIOSK, 5, 6,
                new Body.DesiredState("r-3", null, 7, Map.of("telemetry.health-interval-seconds", "60")));

        assertThat(new String(Codec.encode(sent), UTF_8)).endsWith("\"configVersion\":7,"
                + "\"config\":{\"telemetry.health-interval-seconds\":\"60\"}}}");
    }

    @Test
    void idsAreUniqueAndTimeOrdered() {
        String first = Envelope.newId();
        String second = Envelope.newId();

        assertThat(first).isNotEqualTo(second);
        assertThat(first.charAt(14)).isEqualTo('7');
        assertThat(first.compareTo(second)).isNegative();
    }
}
