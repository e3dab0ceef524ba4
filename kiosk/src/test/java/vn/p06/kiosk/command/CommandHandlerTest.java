package vn.p06.kiosk.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.kiosk.telemetry.Sequences;
import vn.p06.kiosk.telemetry.TelemetrySink;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;
import vn.p06.testsupport.MutableClock;

class CommandHandlerTest {
    private static final String KIOSK = "26734-001";
    private static final String SECRET = "kiosk-secret-0123456789abcdef";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};

    /** One upload as the fleet server's result endpoint received it. */
    record Upload(String path, String authorization, String contentType, byte[] body) {
    }

    @TempDir
    Path dataDir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
    private final List<Envelope> replies = new CopyOnWriteArrayList<>();
    private final TelemetrySink sink = new TelemetrySink() {
        @Override
        public boolean isAccepting() {
            return true;
        }

        @Override
        public CompletableFuture<Void> send(Envelope envelope) {
            replies.add(envelope);
            return CompletableFuture.completedFuture(null);
        }
    };
    private final SimulatedSystemControl system = new SimulatedSystemControl();
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> log = new AtomicReference<>("");
    private volatile int uploadStatus = 200;
    private HttpServer fleet;
    private EnrollmentBundle bundle;
    private CommandHandler handler;

    @BeforeEach
    void setUp() throws Exception {
        fleet = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fleet.createContext("/api/kiosks/", exchange -> {
            uploads.add(new Upload(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes()));
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(uploadStatus, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        fleet.start();
        bundle = new EnrollmentBundle(KIOSK, "26734", "tcp://127.0.0.1:1883", KIOSK, SECRET,
                "http://127.0.0.1:" + fleet.getAddress().getPort());
        handler = newHandler();
    }

    private CommandHandler newHandler() {
        return new CommandHandler(bundle, clock, new Sequences(), sink,
                new CommandHandler.Ports(system, ContentRefresher.UNAVAILABLE, maxBytes -> log.get()), dataDir);
    }

    @AfterEach
    void tearDown() {
        handler.close();
        fleet.stop(0);
    }

    private Envelope command(String name, Map<String, String> arguments) {
        return Envelope.create(KIOSK, clock.millis(), 1,
                new Body.Command(name, clock.instant().plusSeconds(60).toEpochMilli(), arguments));
    }

    /** The acks sent for one command, in order. */
    private List<Body.CommandAck> acks(Envelope command) {
        return replies.stream().map(reply -> {
            assertThat(reply.topic()).isEqualTo(Topics.of(KIOSK, Channel.COMMAND_ACK));
            return (Body.CommandAck) reply.body();
        }).filter(ack -> ack.commandId().equals(command.id())).toList();
    }

    private List<Body.AckState> states(Envelope command) {
        return acks(command).stream().map(Body.CommandAck::state).toList();
    }

    private Body.CommandAck last(Envelope command) {
        List<Body.CommandAck> acks = acks(command);
        return acks.get(acks.size() - 1);
    }

    @Test
    void pingIsAcceptedThenDone() {
        Envelope ping = command("ping", Map.of());
        handler.handle(ping);
        assertThat(states(ping)).containsExactly(Body.AckState.ACCEPTED, Body.AckState.DONE);
    }

    @Test
    void anExpiredCommandIsNeverRun() {
        Envelope reboot = Envelope.create(KIOSK, clock.millis(), 1,
                new Body.Command("reboot", clock.millis() - 1, Map.of()));
        handler.handle(reboot);
        assertThat(system.calls()).isEmpty();
        assertThat(states(reboot)).containsExactly(Body.AckState.EXPIRED);
        assertThat(last(reboot).detail()).contains("2026-11-23T01:59:59.999Z");
    }

    @Test
    void anUnknownCommandIsRejectedWithItsName() {
        Envelope unknown = command("format-disk", Map.of());
        handler.handle(unknown);
        assertThat(states(unknown)).containsExactly(Body.AckState.REJECTED);
        assertThat(last(unknown).detail()).isEqualTo("unknown command: format-disk");
    }

    @Test
    void aRedeliveredRebootRunsOnceEvenAfterTheRebootAndIsDoneWhenTheKioskIsBack() {
        Envelope reboot = command("reboot", Map.of());
        handler.handle(reboot);
        handler.handle(reboot);
        assertThat(system.calls()).containsExactly("reboot");
        assertThat(states(reboot)).containsExactly(Body.AckState.ACCEPTED);

        // the machine reboots: a new process with the same data directory
        handler.close();
        clock.advance(Duration.ofSeconds(40));
        handler = newHandler();
        handler.start();
        assertThat(states(reboot)).containsExactly(Body.AckState.ACCEPTED, Body.AckState.DONE);
        handler.handle(reboot); // the broker delivers it again to the rebooted kiosk's session
        assertThat(system.calls()).containsExactly("reboot");
        assertThat(states(reboot)).hasSize(2);
    }

    @Test
    void aRefusedRebootFailsWithTheReasonAndIsNotDoneLater() {
        system.failWith("Access denied");
        Envelope reboot = command("reboot", Map.of());
        handler.handle(reboot);
        assertThat(states(reboot)).containsExactly(Body.AckState.ACCEPTED, Body.AckState.FAILED);
        assertThat(last(reboot).detail()).isEqualTo("Access denied");
        handler.close();
        handler = newHandler();
        handler.start();
        assertThat(states(reboot)).hasSize(2);
    }

    @Test
    void restartAppExitsThroughTheServiceManager() {
        Envelope restart = command("restart-app", Map.of());
        handler.handle(restart);
        assertThat(system.calls()).containsExactly("restart-app");
        assertThat(states(restart)).containsExactly(Body.AckState.ACCEPTED);
    }

    @Test
    void maintenanceModeIsShownAndSurvivesARestart() {
        List<Boolean> shown = new CopyOnWriteArrayList<>();
        KioskScreen screen = new KioskScreen() {
            @Override
            public void outOfService(boolean on) {
                shown.add(on);
            }

            @Override
            public byte[] capturePng() {
                return PNG;
            }
        };
        handler.attach(screen);
        handler.handle(command("maintenance-on", Map.of()));
        assertThat(shown).containsExactly(false, true);

        handler.close();
        handler = newHandler();
        handler.start();
        assertThat(handler.inMaintenance()).isTrue();
        shown.clear();
        handler.attach(screen);
        assertThat(shown).containsExactly(true);

        Envelope off = command("maintenance-off", Map.of());
        handler.handle(off);
        assertThat(shown).containsExactly(true, false);
        assertThat(handler.inMaintenance()).isFalse();
        assertThat(last(off).state()).isEqualTo(Body.AckState.DONE);
    }

    @Test
    void refreshContentSaysItIsNotAvailableYet() {
        Envelope refresh = command("refresh-content", Map.of());
        handler.handle(refresh);
        assertThat(last(refresh).state()).isEqualTo(Body.AckState.FAILED);
        assertThat(last(refresh).detail()).contains("content updates not available");
    }

    @Test
    void aScreenshotIsUploadedWithTheKiosksOwnCredentials() {
        handler.attach(new KioskScreen() {
            @Override
            public void outOfService(boolean on) {
            }

            @Override
            public byte[] capturePng() {
                return PNG;
            }
        });
        Envelope screenshot = command("screenshot", Map.of());
        handler.handle(screenshot);
        assertThat(states(screenshot)).containsExactly(Body.AckState.ACCEPTED, Body.AckState.DONE);
        assertThat(uploads).singleElement().satisfies(upload -> {
            assertThat(upload.path()).isEqualTo("/api/kiosks/" + KIOSK + "/commands/" + screenshot.id() + "/result");
            assertThat(upload.authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder()
                    .encodeToString((KIOSK + ":" + SECRET).getBytes(StandardCharsets.UTF_8)));
            assertThat(upload.contentType()).isEqualTo("image/png");
            assertThat(upload.body()).isEqualTo(PNG);
        });
    }

    @Test
    void aHeadlessKioskCannotTakeAScreenshotAndSaysSo() {
        Envelope screenshot = command("screenshot", Map.of());
        handler.handle(screenshot);
        assertThat(last(screenshot).state()).isEqualTo(Body.AckState.FAILED);
        assertThat(last(screenshot).detail()).contains("headless");
        assertThat(uploads).isEmpty();
    }

    @Test
    void collectedLogsAreRedactedBeforeTheyLeaveTheKiosk() {
        log.set("""
                08:01:02 INFO  card read ok for 001203004567
                08:01:03 WARN  form fullName=Nguyễn Văn An, service=birth-registration
                08:01:04 INFO  {"hoTen":"Trần Thị Bình","kind":"session.end"}
                08:01:05 INFO  outbox pending=3
                """);
        Envelope collect = command("collect-logs", Map.of("kib", "64"));
        handler.handle(collect);
        assertThat(last(collect).state()).isEqualTo(Body.AckState.DONE);
        assertThat(last(collect).detail()).contains("redacted");
        String uploaded = new String(uploads.get(0).body(), StandardCharsets.UTF_8);
        assertThat(uploads.get(0).contentType()).startsWith("text/plain");
        assertThat(uploaded).doesNotContain("001203004567", "Nguyễn", "Văn An", "Trần", "Bình")
                .contains("card read ok for [redacted id]", "fullName=[redacted name]", "service=birth-registration",
                        "outbox pending=3", "\"kind\":\"session.end\"");
    }

    @Test
    void aRefusedUploadFailsTheCommandWithTheServersAnswer() {
        uploadStatus = 403;
        Envelope collect = command("collect-logs", Map.of());
        handler.handle(collect);
        assertThat(last(collect).state()).isEqualTo(Body.AckState.FAILED);
        assertThat(last(collect).detail()).contains("HTTP 403");
    }

    @Test
    void acksCarryTheirOwnIncreasingSequence() {
        handler.handle(command("ping", Map.of()));
        assertThat(replies).extracting(Envelope::sequence).containsExactly(1L, 2L);
    }
}
