package vn.p06.kiosk.card;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * After a full card session through the real PC/SC stack, with every logger turned up to the most
 * verbose level (ours through SLF4J/logback, JMRTD's and scuba's through java.util.logging), no
 * name, ID number or date of birth is in any log line or usage event, and the closed session
 * holds nothing.
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
        stack.insert(new TestCard().writeTo(tmp.resolve("card")));
        RecordedEvents usage = new RecordedEvents();
        CardSession session;
        List<byte[]> raw;
        try (PcscCardReader reader = PcscCardReader.start(
                PcscCardReader.Config.defaults(TestCard.trustStore(tmp.resolve("csca")), usage))) {
            assertThat(reader.read(new MrzKey(TestCard.DOCUMENT_NUMBER, "850116", TestCard.DOE), ReadRequest.FULL,
                    ReadProgress.NONE)).isInstanceOf(ReadResult.WrongKey.class);
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
        usage.events.forEach(e -> lines.add(e.kind() + " " + e.attributes()));
        assertThat(logback.list).as("the capture works").isNotEmpty();
        assertThat(usage.events).extracting(e -> e.attributes().get("outcome")).containsExactly("wrong-key", "ok");
        for (String personal : TestCard.PERSONAL) {
            assertThat(lines).as("log lines and usage events containing a personal value")
                    .noneMatch(l -> l.contains(personal));
        }
        assertThat(usage.events).allSatisfy(e -> assertThat(e.attributes().keySet())
                .isSubsetOf("outcome", "duration_ms", "access", "authenticity"));

        assertThat(session.isWiped()).isTrue();
        assertThat(session.files()).isNull();
        assertThat(raw).allSatisfy(b -> assertThat(b).containsOnly(0));
    }
}
