package vn.p06.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.p06.fleet.TestFleet;
import vn.p06.fleet.auth.Role;

/**
 * The dashboard's security over real HTTP on loopback (real server, real H2 file): CSRF, lockout,
 * session fixation, roles enforced on the API (not only hidden buttons), cookie flags, CSP and
 * path traversal.
 */
class DashboardSecurityTest {
    static final String PASSWORD = "correct-horse-battery";

    @TempDir
    static Path dataDir;
    static TestFleet fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = TestFleet.start(dataDir);
        for (Role role : Role.values()) {
            fleet.server.users().upsert(role.wireName() + "-user", role, null, PASSWORD, Instant.now());
        }
        fleet.enroll("26734-001", "secret-of-kiosk-001");
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    private static WebSession as(Role role) throws Exception {
        WebSession session = new WebSession(fleet.httpUrl());
        assertThat(session.login(role.wireName() + "-user", PASSWORD).statusCode()).isEqualTo(200);
        return session;
    }

    @Test
    void firstAdminPasswordIsInAnOwnerOnlyFileAndLogsIn() throws Exception {
        Path file = dataDir.resolve("admin-password");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        WebSession admin = new WebSession(fleet.httpUrl());
        assertThat(admin.login("admin", Files.readString(file).strip()).statusCode()).isEqualTo(200);
        assertThat(admin.json(admin.get("/api/me")).get("role").asText()).isEqualTo("admin");
    }

    @Test
    void aMutationWithoutTheCsrfTokenIsRefusedAndWithItAccepted() throws Exception {
        WebSession admin = as(Role.ADMIN);
        String body = "{\"communeName\":\"Phường A\",\"district\":\"Quận B\",\"province\":\"Hà Nội\"}";
        HttpResponse<String> without = admin.send("PUT", "/api/admin-units/26734", body, false);
        assertThat(without.statusCode()).as(without.body()).isEqualTo(403);
        assertThat(without.body()).contains("X-CSRF-Token");
        HttpResponse<String> wrong = admin.send("PUT", "/api/admin-units/26734", body, false);
        assertThat(wrong.statusCode()).isEqualTo(403);
        WebSession it = as(Role.IT_STAFF);
        String commandsBefore = fleet.admin("GET", "/api/kiosks/26734-001/commands", null).body();
        assertThat(it.send("POST", "/api/kiosks/26734-001/commands", "{\"name\":\"ping\",\"ttlSeconds\":60}", false)
                .statusCode()).isEqualTo(403);
        assertThat(fleet.admin("GET", "/api/kiosks/26734-001/commands", null).body()).isEqualTo(commandsBefore);
        assertThat(admin.send("PUT", "/api/admin-units/26734", body).statusCode()).isEqualTo(200);
        // the bearer token (provisioning, scripts) needs no CSRF token: a cross-site page cannot send it
        assertThat(fleet.admin("PUT", "/api/admin-units/26735", body).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongPasswordsLockTheAccountEvenAgainstTheRightOne() throws Exception {
        fleet.server.users().upsert("locked-user", Role.VIEWER, null, PASSWORD, Instant.now());
        WebSession session = new WebSession(fleet.httpUrl());
        for (int i = 0; i < 5; i++) {
            assertThat(session.login("locked-user", "wrong-password-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> right = session.login("locked-user", PASSWORD);
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.body()).contains("locked until");
        assertThat(fleet.server.users().find("locked-user").orElseThrow().lockedUntil()).isAfter(Instant.now());
        assertThat(fleet.server.audit().recent(50)).filteredOn(e -> e.action().equals("user.login-failed")
                && e.actor().equals("locked-user")).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void enrollmentAndRevocationByTheTokenAreAudited() throws Exception {
        fleet.enroll("26734-009", "secret-of-kiosk-009");
        assertThat(fleet.admin("POST", "/api/admin/kiosks/26734-009/revoke", null).statusCode()).isEqualTo(200);
        assertThat(fleet.server.audit().recent(50)).anySatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo("admin-token");
            assertThat(entry.action()).isEqualTo("kiosk.enrolled");
            assertThat(entry.target()).isEqualTo("26734-009");
        }).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("kiosk.revoked");
            assertThat(entry.target()).isEqualTo("26734-009");
        });
    }

    @Test
    void aLoginPostedByACrossSiteFormIsRefused() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        HttpResponse<String> form = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(fleet.httpUrl() + "/api/login"))
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"viewer-user\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void anUnknownUserAndAWrongPasswordGetTheSameAnswer() throws Exception {
        WebSession session = new WebSession(fleet.httpUrl());
        HttpResponse<String> unknown = session.login("nobody-here", "whatever-password");
        HttpResponse<String> wrong = session.login("viewer-user", "whatever-password");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body());
    }

    @Test
    void aSessionIdPlantedBeforeLoginIsNeverTheAuthenticatedOne() throws Exception {
        WebSession victim = new WebSession(fleet.httpUrl());
        WebSession attacker = as(Role.VIEWER);
        // the attacker plants their own (valid) session id, and a made-up one, in the victim's browser
        for (String planted : new String[] {attacker.cookie, "fleet_session=attacker-chosen-value"}) {
            victim.cookie = planted;
            assertThat(victim.login("it-staff-user", PASSWORD).statusCode()).isEqualTo(200);
            assertThat(victim.cookie).isNotEqualTo(planted);
            WebSession withPlanted = new WebSession(fleet.httpUrl());
            withPlanted.cookie = planted;
            assertThat(withPlanted.get("/api/me").statusCode()).isEqualTo(401);
            assertThat(victim.json(victim.get("/api/me")).get("username").asText()).isEqualTo("it-staff-user");
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndLogoutEndsIt() throws Exception {
        WebSession session = new WebSession(fleet.httpUrl());
        HttpResponse<String> login = session.login("viewer-user", PASSWORD);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        assertThat(login.body()).doesNotContain(session.cookie.split("=", 2)[1]);
        assertThat(session.send("POST", "/api/logout", null).statusCode()).isEqualTo(200);
        assertThat(session.get("/api/me").statusCode()).isEqualTo(401);
    }

    @Test
    void aTrainerCannotReachTheItScreensOnTheApi() throws Exception {
        WebSession trainer = as(Role.TRAINER);
        for (String path : new String[] {"/api/fleet", "/api/kiosks", "/api/kiosks/26734-001", "/api/alerts",
                "/api/alert-rules", "/api/kiosks/26734-001/commands", "/api/analytics", "/api/users", "/api/audit"}) {
            assertThat(trainer.get(path).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(trainer.send("POST", "/api/kiosks/26734-001/commands", "{\"name\":\"reboot\"}").statusCode())
                .isEqualTo(403);
        assertThat(trainer.json(trainer.get("/api/me")).get("permissions").toString())
                .contains("CONTENT_WRITE").doesNotContain("FLEET");
    }

    @Test
    void aViewerSeesButCannotMutate() throws Exception {
        WebSession viewer = as(Role.VIEWER);
        assertThat(viewer.get("/api/fleet").statusCode()).isEqualTo(200);
        assertThat(viewer.get("/api/alerts").statusCode()).isEqualTo(200);
        assertThat(viewer.send("POST", "/api/kiosks/26734-001/commands", "{\"name\":\"reboot\"}").statusCode())
                .isEqualTo(403);
        assertThat(viewer.send("PUT", "/api/alert-rules/temperature",
                "{\"enabled\":true,\"threshold\":1,\"forSeconds\":0,\"severity\":\"warning\"}").statusCode())
                .isEqualTo(403);
        assertThat(viewer.send("PUT", "/api/users/someone", "{\"role\":\"admin\",\"password\":\"0123456789ab\"}")
                .statusCode()).isEqualTo(403);
        assertThat(viewer.send("PUT", "/api/admin-units/26734", "{}").statusCode()).isEqualTo(403);
        assertThat(fleet.server.users().find("someone")).isEmpty();
    }

    @Test
    void anItStaffCanOperateButNotManageUsers() throws Exception {
        WebSession it = as(Role.IT_STAFF);
        HttpResponse<String> sent = it.send("POST", "/api/kiosks/26734-001/commands",
                "{\"name\":\"ping\",\"arguments\":{},\"ttlSeconds\":60}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        assertThat(it.get("/api/users").statusCode()).isEqualTo(403);
        assertThat(fleet.server.audit().recent(20)).anySatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo("it-staff-user");
            assertThat(entry.action()).isEqualTo("command.sent");
        });
    }

    @Test
    void adminManagesUsersAndEveryChangeIsAudited() throws Exception {
        WebSession admin = as(Role.ADMIN);
        assertThat(admin.send("PUT", "/api/users/new-trainer",
                "{\"role\":\"trainer\",\"displayName\":\"Chị Lan\",\"password\":\"a-long-password\"}").statusCode())
                .isEqualTo(201);
        HttpResponse<String> weak = admin.send("PUT", "/api/users/weak", "{\"role\":\"viewer\",\"password\":\"short\"}");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("password");
        assertThat(admin.send("PUT", "/api/users/bad", "{\"role\":\"superuser\",\"password\":\"a-long-password\"}")
                .body()).contains("role must be one of");
        WebSession trainer = new WebSession(fleet.httpUrl());
        assertThat(trainer.login("new-trainer", "a-long-password").statusCode()).isEqualTo(200);
        // a role change ends the user's sessions at once
        assertThat(admin.send("PUT", "/api/users/new-trainer", "{\"role\":\"viewer\"}").statusCode()).isEqualTo(200);
        assertThat(trainer.get("/api/me").statusCode()).isEqualTo(401);
        assertThat(admin.send("DELETE", "/api/users/new-trainer", null).statusCode()).isEqualTo(200);
        assertThat(admin.send("DELETE", "/api/users/admin-user", null).statusCode()).isEqualTo(409);
        assertThat(admin.json(admin.get("/api/audit?limit=50")).toString())
                .contains("user.created").contains("user.changed").contains("user.deleted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ui/..%2f..%2f..%2fetc%2fpasswd", "/ui/%2e%2e", "/ui/%2e%2e%2fapp.js",
            "/ui/../../../../etc/passwd", "/ui/%2fetc%2fpasswd", "/ui/.hidden.js", "/ui/app.js%00.png",
            "/webjars/chartjs/..%2f..%2f..%2f..%2fMETA-INF%2fMANIFEST.MF", "/ui/%252e%252e%252fapp.js",
            "/ui/..\\..\\etc\\passwd"})
    void pathTraversalIsRefused(String path) throws Exception {
        // raw socket: no client normalises the path before the server sees it
        try (Socket socket = new Socket("127.0.0.1", fleet.server.httpPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 4");
            assertThat(answer).doesNotContain("root:").doesNotContain("Manifest-Version").doesNotContain("export ");
        }
    }

    @Test
    void pagesAndScriptsCarryAStrictContentSecurityPolicy() throws Exception {
        for (String path : new String[] {"/ui/fleet.html", "/ui/app.js", "/webjars/chartjs/chart.umd.js"}) {
            HttpResponse<String> response = new WebSession(fleet.httpUrl()).get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        }
        assertThat(new WebSession(fleet.httpUrl()).get("/webjars/chartjs/licence/LICENSE.md").body()).contains("MIT");
    }

    @Test
    void theLiveStreamRefusesCallersWithoutASession() throws Exception {
        HttpResponse<String> anonymous = new WebSession(fleet.httpUrl()).get("/api/events");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        WebSession forged = new WebSession(fleet.httpUrl());
        forged.cookie = "fleet_session=forged";
        assertThat(forged.get("/api/events").statusCode()).isEqualTo(401);
    }
}
