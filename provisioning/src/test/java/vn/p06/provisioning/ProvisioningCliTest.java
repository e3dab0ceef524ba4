package vn.p06.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import vn.p06.protocol.EnrollmentBundle;

/** The CLI run in-process, as an operator would run it, against {@link TestFleetServer}. */
class ProvisioningCliTest {
    private static final Logger timing = LoggerFactory.getLogger("timing");

    @TempDir
    Path tmp;

    private TestFleetServer fleet;
    private Path tokenFile;
    private Path out;
    /** Everything the CLI printed or logged in this test, checked for secrets afterwards. */
    private final StringBuilder everything = new StringBuilder();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private ch.qos.logback.classic.Logger cliLogger;
    private Level cliLevel;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() throws IOException {
        fleet = TestFleetServer.start();
        tokenFile = Files.writeString(tmp.resolve("admin.token"), TestFleetServer.TOKEN + "\n");
        out = tmp.resolve("bundles");
        // Capture the CLI's logs at every level (not printed: additivity off) to check them too.
        cliLogger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("vn.p06.provisioning");
        cliLevel = cliLogger.getLevel();
        cliLogger.setLevel(Level.DEBUG);
        cliLogger.setAdditive(false);
        logs.start();
        cliLogger.addAppender(logs);
    }

    @AfterEach
    void secretsNeverShown() {
        try {
            logs.list.forEach(e -> everything.append(e.getFormattedMessage()).append('\n'));
            String shown = everything.toString();
            List<String> secrets = new ArrayList<>(fleet.receivedSecrets());
            fleet.kiosks.values().forEach(k -> secrets.add(k.secret()));
            for (String secret : secrets) {
                assertThat(shown).as("output and logs").doesNotContain(secret);
            }
        } finally {
            cliLogger.detachAppender(logs);
            cliLogger.setAdditive(true);
            cliLogger.setLevel(cliLevel);
            fleet.close();
        }
    }

    private Run run(Map<String, String> env, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cli = new CommandLine(new ProvisioningMain(env, false))
                .setOut(new PrintWriter(o, true))
                .setErr(new PrintWriter(e, true));
        int exit = cli.execute(args);
        everything.append(o).append(e);
        return new Run(exit, o.toString(), e.toString());
    }

    private Run run(String... args) {
        return run(Map.of(), args);
    }

    private Run enrollCsv(Path csv) {
        return run("enroll", "--server", fleet.url(), "--admin-token-file", tokenFile.toString(),
                "--csv", csv.toString(), "--out", out.toString());
    }

    /** {@code communes} rows of {@code perCommune} kiosks, with names that need quoting. */
    private Path csv(String name, int communes, int perCommune) throws IOException {
        StringBuilder s = new StringBuilder("commune,kiosks,name\r\n");
        for (int c = 0; c < communes; c++) {
            s.append(26734 + c).append(',').append(perCommune).append(',')
                    .append("\"Phường ").append(c + 1).append(", Quận 1 \"\"Bến Nghé\"\"\"\r\n");
        }
        return Files.writeString(tmp.resolve(name), s, StandardCharsets.UTF_8);
    }

    private EnrollmentBundle bundle(String kioskId) throws IOException {
        return EnrollmentBundle.read(out.resolve(kioskId + ".json"));
    }

    private Map<String, String> bundleFiles() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(out)) {
            for (Path p : s.toList()) {
                files.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return files;
    }

    @Test
    void enrollWritesBundleWithTheSecretTheServerGotAndNumbersAfterTheHighest() throws IOException {
        fleet.seed("26734-001", "26734", "s".repeat(43), false);
        fleet.seed("26734-007", "26734", "s".repeat(43), true);
        fleet.seed("26737-012", "26737", "s".repeat(43), false); // other commune: must not count

        Run r = run("enroll", "--server", fleet.url(), "--admin-token-file", tokenFile.toString(),
                "--commune", "26734", "--count", "2", "--out", out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("26734-008  " + out.resolve("26734-008.json"),
                "26734-009  " + out.resolve("26734-009.json"));
        for (String id : List.of("26734-008", "26734-009")) {
            EnrollmentBundle b = bundle(id);
            assertThat(b.kioskId()).isEqualTo(id);
            assertThat(b.mqttUsername()).isEqualTo(id);
            assertThat(b.commune()).isEqualTo("26734");
            assertThat(b.mqttUrl()).isEqualTo(TestFleetServer.MQTT_URL);
            assertThat(b.fleetUrl()).isEqualTo(fleet.url());
            assertThat(b.mqttPassword()).matches("[A-Za-z0-9_-]{43}") // 32 bytes, base64url, no padding
                    .isEqualTo(fleet.kiosks.get(id).secret());
            assertThat(Files.getPosixFilePermissions(out.resolve(id + ".json")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(bundle("26734-008").mqttPassword()).isNotEqualTo(bundle("26734-009").mqttPassword());
        assertThat(fleet.requests("PUT")).hasSize(2)
                .allSatisfy(p -> assertThat(p.authorization()).isEqualTo("Bearer " + TestFleetServer.TOKEN));
    }

    @Test
    void csvOfFiveHundredKiosksEnrollsThenRerunChangesNothing() throws IOException {
        Path csv = csv("communes.csv", 10, 50);

        long started = System.nanoTime();
        Run first = enrollCsv(csv);
        long millis = (System.nanoTime() - started) / 1_000_000;
        timing.info("CSV enrollment of 500 kiosks (10 communes) took {} ms", millis);

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("500 enrolled, 0 rotated, 0 unchanged, 0 failed");
        assertThat(fleet.kiosks).hasSize(500).containsKeys("26734-001", "26734-050", "26743-050");
        Map<String, String> files = bundleFiles();
        assertThat(files).hasSize(500);
        assertThat(bundle("26740-037").mqttPassword()).isEqualTo(fleet.kiosks.get("26740-037").secret());
        // Not a terminal here: one progress line per tenth, the last one full.
        assertThat(first.err().lines().filter(l -> l.endsWith(" enrolled"))).hasSize(10)
                .last().isEqualTo("[==========] 500/500 enrolled");

        fleet.clearRequests();
        Run again = enrollCsv(csv);

        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("0 enrolled, 0 rotated, 500 unchanged, 0 failed");
        assertThat(fleet.requests("PUT")).isEmpty();
        assertThat(bundleFiles()).isEqualTo(files);
    }

    @Test
    void deletedBundleIsRotatedAndNothingElse() throws IOException {
        Path csv = csv("communes.csv", 2, 15);
        assertThat(enrollCsv(csv).exit()).isZero();
        String oldSecret = bundle("26735-004").mqttPassword();
        Files.delete(out.resolve("26735-004.json"));
        fleet.clearRequests();

        Run r = enrollCsv(csv);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("rotated  26735-004", "0 enrolled, 1 rotated, 29 unchanged, 0 failed");
        assertThat(fleet.requests("PUT")).singleElement()
                .extracting(TestFleetServer.Request::path).isEqualTo("/api/admin/kiosks/26735-004");
        String newSecret = bundle("26735-004").mqttPassword();
        assertThat(newSecret).isNotEqualTo(oldSecret).isEqualTo(fleet.kiosks.get("26735-004").secret());
    }

    @Test
    void revokedKioskIsReenrolledWithANewSecretOnRerun() throws IOException {
        Path csv = csv("communes.csv", 1, 5);
        assertThat(enrollCsv(csv).exit()).isZero();
        String oldSecret = bundle("26734-003").mqttPassword();
        assertThat(run("revoke", "--server", fleet.url(), "--admin-token-file", tokenFile.toString(),
                "--kiosk", "26734-003").exit()).isZero();
        assertThat(fleet.kiosks.get("26734-003").revoked()).isTrue();

        Run r = enrollCsv(csv);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("0 enrolled, 1 rotated, 4 unchanged, 0 failed");
        TestFleetServer.Kiosk k = fleet.kiosks.get("26734-003");
        assertThat(k.revoked()).isFalse();
        assertThat(bundle("26734-003").mqttPassword()).isNotEqualTo(oldSecret).isEqualTo(k.secret());
    }

    @Test
    void bundleTheServerLostIsRegisteredAgainWithItsOwnSecret() throws IOException {
        Path csv = csv("communes.csv", 1, 3);
        assertThat(enrollCsv(csv).exit()).isZero();
        String secret = bundle("26734-002").mqttPassword();
        fleet.kiosks.remove("26734-002");

        Run r = enrollCsv(csv);

        assertThat(r.out()).contains("1 enrolled, 0 rotated, 2 unchanged, 0 failed");
        assertThat(fleet.kiosks.get("26734-002").secret()).isEqualTo(secret);
        assertThat(bundle("26734-002").mqttPassword()).isEqualTo(secret);
    }

    @Test
    void badRowsAreReportedWithTheirLineAndTheOthersEnroll() throws IOException {
        fleet.refusePut.put("26740-002", 409);
        Path csv = Files.writeString(tmp.resolve("mixed.csv"), """
                commune,kiosks,name
                26734,2,Phường Bến Nghé
                abc,2,Xã Lỗi
                26737,3,"Phường 1, Quận 3"
                26740,2,Xã Tân Phú
                """, StandardCharsets.UTF_8);

        Run r = enrollCsv(csv);

        assertThat(r.exit()).isEqualTo(ProvisioningMain.EXIT_FAILED);
        assertThat(r.err()).contains("failed: line 3 (Xã Lỗi): commune code must be the 5-digit administrative code, got 'abc'")
                .contains("failed: line 5 (Xã Tân Phú): server refused 26740-002: HTTP 409: kiosk 26740-002 is locked");
        assertThat(r.out()).contains("6 enrolled, 0 rotated, 0 unchanged, 2 failed");
        assertThat(fleet.kiosks).containsOnlyKeys("26734-001", "26734-002", "26737-001", "26737-002", "26737-003",
                "26740-001");
    }

    @Test
    void wrongAdminTokenIsAClearErrorAndChangesNothing() throws IOException {
        Files.writeString(tokenFile, "not-the-token");

        Run r = run("enroll", "--server", fleet.url(), "--admin-token-file", tokenFile.toString(),
                "--csv", csv("communes.csv", 2, 3).toString(), "--out", out.toString());

        assertThat(r.exit()).isEqualTo(ProvisioningMain.EXIT_USAGE);
        assertThat(r.err()).contains("the fleet server refused the admin token (HTTP 401: admin token required)")
                .doesNotContain("not-the-token");
        assertThat(fleet.requests()).hasSize(1); // stopped at the first refusal, not 6 times
        assertThat(out).doesNotExist();
    }

    @Test
    void missingAdminTokenIsAUsageErrorAndTheEnvironmentVariableWorks() {
        Run none = run("revoke", "--server", fleet.url(), "--kiosk", "26734-001");
        assertThat(none.exit()).isEqualTo(ProvisioningMain.EXIT_USAGE);
        assertThat(none.err()).contains("no admin token: pass --admin-token-file FILE or set FLEET_ADMIN_TOKEN");
        assertThat(fleet.requests()).isEmpty();

        fleet.seed("26734-001", "26734", "s".repeat(43), false);
        Run env = run(Map.of("FLEET_ADMIN_TOKEN", TestFleetServer.TOKEN),
                "revoke", "--server", fleet.url(), "--kiosk", "26734-001");
        assertThat(env.exit()).as(env.err()).isZero();
    }

    @Test
    void unreachableServerExitsWithThreeAndSaysSo() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String down = "http://127.0.0.1:" + port;

        Run single = run("enroll", "--server", down, "--admin-token-file", tokenFile.toString(),
                "--commune", "26734", "--out", out.toString());
        Run bulk = run("enroll", "--server", down, "--admin-token-file", tokenFile.toString(),
                "--csv", csv("communes.csv", 2, 3).toString(), "--out", out.toString());

        for (Run r : List.of(single, bulk)) {
            assertThat(r.exit()).isEqualTo(ProvisioningMain.EXIT_UNREACHABLE);
            assertThat(r.err()).contains("error: cannot reach fleet server " + down);
        }
        assertThat(bulk.out()).contains("aborted after 0 enrolled, 0 rotated, 0 unchanged, 0 failed");
        assertThat(out).doesNotExist();
    }

    @Test
    void revokeCallsTheEndpointAndReportsAnUnknownKiosk() {
        fleet.seed("26734-001", "26734", "s".repeat(43), false);

        Run r = run("revoke", "--server", fleet.url(), "--admin-token-file", tokenFile.toString(),
                "--kiosk", "26734-001");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualToIgnoringNewLines("26734-001 revoked");
        assertThat(fleet.requests("POST")).singleElement()
                .extracting(TestFleetServer.Request::path).isEqualTo("/api/admin/kiosks/26734-001/revoke");
        assertThat(fleet.kiosks.get("26734-001").revoked()).isTrue();

        Run unknown = run("revoke", "--server", fleet.url(), "--admin-token-file", tokenFile.toString(),
                "--kiosk", "26734-099");
        assertThat(unknown.exit()).isEqualTo(ProvisioningMain.EXIT_FAILED);
        assertThat(unknown.err()).contains("kiosk 26734-099 is not known");
    }

    @Test
    void usageErrorsAreRefusedBeforeAnyRequest() {
        Run both = run("enroll", "--server", fleet.url(), "--commune", "26734", "--csv", "x.csv",
                "--out", out.toString());
        Run badCommune = run("enroll", "--server", fleet.url(), "--admin-token-file", tokenFile.toString(),
                "--commune", "2673", "--out", out.toString());

        assertThat(both.exit()).isEqualTo(ProvisioningMain.EXIT_USAGE);
        assertThat(both.err()).contains("give either --commune or --csv");
        assertThat(badCommune.exit()).isEqualTo(ProvisioningMain.EXIT_USAGE);
        assertThat(badCommune.err()).contains("5-digit administrative code, got '2673'");
        assertThat(fleet.requests()).isEmpty();
    }
}
