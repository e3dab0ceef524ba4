package vn.p06.kiosk.card;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import vn.p06.kiosk.telemetry.MqttLink;
import vn.p06.kiosk.telemetry.Outbox;
import vn.p06.kiosk.telemetry.OutboxForwarder;
import vn.p06.kiosk.telemetry.OutboxPolicy;
import vn.p06.kiosk.telemetry.OutboxSink;
import vn.p06.kiosk.telemetry.Sequences;
import vn.p06.kiosk.telemetry.UsageRecorder;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.testsupport.Mosquitto;
import vn.p06.testsupport.RecordingMqttClient;

/**
 * After a full card session through the real PC/SC stack, with every logger turned up to the most
 * verbose level (ours through SLF4J/logback, JMRTD's and scuba's through java.util.logging), no
 * name, ID number or date of birth is in any log line or usage event, nor in the outbox's H2 file
 * or the MQTT payloads those events become on a real Mosquitto; and the closed session holds nothing.
 * The card does PACE: both keys (MRZ and CAN) go through it, wrong and right, and BAC after the wrong MRZ key.
 */
@ExtendWith(PcscStack.class)
class CardPrivacyTest {
    @TempDir
    Path tmp;

    private final ListAppender<ILoggingEvent> logback = new ListAppender<>();
    private final List<String> jul = new CopyOnWriteArrayList<>();
    private final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            jul.add(r.getLoggerName() + " " + r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
                    + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level savedLevel;
    private java.util.logging.Level savedJulLevel;

    @BeforeEach
    void captureEverything() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        savedLevel = root.getLevel();
        root.setLevel(Level.ALL);
        logback.start();
        root.addAppender(logback);
        java.util.logging.Logger julRoot = LogManager.getLogManager().getLogger("");
        savedJulLevel = julRoot.getLevel();
        julRoot.setLevel(java.util.logging.Level.ALL);
        julHandler.setLevel(java.util.logging.Level.ALL);
        julRoot.addHandler(julHandler);
    }

    @AfterEach
    void restore() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logback);
        root.setLevel(savedLevel);
        java.util.logging.Logger julRoot = LogManager.getLogManager().getLogger("");
        julRoot.removeHandler(julHandler);
        julRoot.setLevel(savedJulLevel);
    }

    @Test
    void aFullSessionLeavesNoPersonalDataInLogsOrTelemetryAndNothingAfterClose(VirtualCardStack stack)
            throws Exception {
        stack.insert(new TestCard().pace(TestCard.PACE_P256).writeTo(tmp.resolve("card")));
        RecordedEvents recorded = new RecordedEvents();
        Path outboxDir = tmp.resolve("outbox");
        Outbox outbox = Outbox.open(outboxDir, Clock.systemUTC(), OutboxPolicy.defaults());
        OutboxSink sink = new OutboxSink(KIOSK, outbox);
        UsageRecorder usage = (kind, attributes) -> {
            recorded.record(kind, attributes);
            sink.record(kind, attributes);
        };
        CardSession session;
        List<byte[]> raw;
        try (PcscCardReader reader = PcscCardReader.start(
                PcscCardReader.Config.defaults(TestCard.trustStore(tmp.resolve("csca")), usage))) {
            assertThat(reader.read(new MrzKey(TestCard.DOCUMENT_NUMBER, "850116", TestCard.DOE), ReadRequest.FULL,
                    ReadProgress.NONE)).isInstanceOf(ReadResult.WrongKey.class);
            assertThat(reader.read(new CanKey("000000"), ReadRequest.TEXT_ONLY, ReadProgress.NONE))
                    .isInstanceOf(ReadResult.WrongKey.class);
            ReadResult byCan = reader.read(new CanKey(TestCard.CAN), ReadRequest.TEXT_ONLY, ReadProgress.NONE);
            ((ReadResult.Read) byCan).session().close();
            ReadResult result = reader.read(TestCard.KEY, ReadRequest.FULL, ReadProgress.NONE);
            session = ((ReadResult.Read) result).session();
            Map<FormField, PrefilledValue> form = session.prefill();
            assertThat(form.get(FormField.FULL_NAME).value()).isEqualTo(TestCard.FULL_NAME); // the data was there
            raw = new ArrayList<>(session.files().dataGroups().values());
            raw.add(session.files().sod());
            raw.add(session.face().orElseThrow().encodedArray());
            session.close();
        } finally {
            stack.pull();
        }

        List<String> lines = new ArrayList<>(jul);
        logback.list.forEach(e -> lines.add(e.getLoggerName() + " " + e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())));
        recorded.events.forEach(e -> lines.add(e.kind() + " " + e.attributes()));
        List<String> payloads = sendThroughMosquitto(outbox);
        outbox.close();
        // Byte for byte, as a thief of the SD card would read it (ISO-8859-1 keeps every byte).
        String outboxFile = new String(Files.readAllBytes(outboxDir.resolve("outbox.mv.db")), StandardCharsets.ISO_8859_1);
        assertThat(outboxFile).as("the outbox file is readable plain text here").contains("card.read", "wrong-key");
        assertThat(payloads).as("the events went over MQTT").anyMatch(p -> p.contains("\"outcome\":\"wrong-key\""));
        lines.addAll(payloads);
        lines.add(outboxFile);
        assertThat(logback.list).as("the capture works").isNotEmpty();
        assertThat(recorded.events).extracting(e -> e.attributes().get("outcome")).containsExactly("wrong-key", "wrong-key", "ok", "ok");
        // "access" names what opened the chip; a refused key opened nothing.
        assertThat(recorded.events).extracting(e -> e.attributes().get("access"))
                .containsExactly("none", "none", "pace", "pace");
        for (String personal : TestCard.PERSONAL) {
            assertThat(lines).as("log lines and usage events containing a personal value")
                    .noneMatch(l -> l.contains(personal));
        }
        assertThat(recorded.events).allSatisfy(e -> assertThat(e.attributes().keySet())
                .isSubsetOf("outcome", "duration_ms", "access", "authenticity", "chip_proof",
                        "chip_auth"));

        assertThat(session.isWiped()).isTrue();
        assertThat(session.files()).isNull();
        assertThat(raw).allSatisfy(b -> assertThat(b).containsOnly(0));
    }

    private static final String KIOSK = "26734-001";

    /** Sends the outbox to a real Mosquitto and returns every payload an observer saw there. */
    private List<String> sendThroughMosquitto(Outbox outbox) throws Exception {
        Map<String, String> users = new java.util.LinkedHashMap<>();
        users.put("observer", "observer-pw");
        users.put(KIOSK, "kiosk-secret");
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try (Mosquitto mosquitto = Mosquitto.start(Files.createDirectories(tmp.resolve("mosquitto")), users)) {
            RecordingMqttClient observer = RecordingMqttClient.connect(mosquitto.url(), "observer", "observer-pw")
                    .subscribe("kiosk/v1/#");
            EnrollmentBundle bundle = new EnrollmentBundle(KIOSK, "26734", mosquitto.url(), KIOSK, "kiosk-secret",
                    "http://127.0.0.1:8080");
            Sequences sequences = new Sequences();
            MqttLink link = new MqttLink(bundle, "test", MqttLink.Options.defaults(), sequences, Clock.systemUTC(),
                    scheduler);
            OutboxForwarder forwarder = new OutboxForwarder(KIOSK, outbox, link, sequences, Clock.systemUTC(),
                    scheduler, OutboxPolicy.defaults());
            link.start();
            forwarder.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> forwarder.sentRecords() >= 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> observer.received().stream()
                    .anyMatch(m -> m.text().contains("card.read")));
            forwarder.close();
            link.close();
            observer.close();
            return observer.received().stream().map(RecordingMqttClient.Message::text).toList();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
