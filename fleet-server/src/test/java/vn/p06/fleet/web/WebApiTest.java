package vn.p06.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.TestFleet;
import vn.p06.fleet.auth.Role;
import vn.p06.fleet.store.IngestBatch;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;

/** The dashboard's page APIs over real HTTP against the real store: fleet view, history, units, analytics. */
class WebApiTest {
    private static final String PASSWORD = "correct-horse-battery";
    /** 2026-11-22 23:30 in Vietnam is 16:30 UTC the same day; 00:30 on the 23rd is 17:30 UTC on the 22nd. */
    private static final Instant LATE_ON_22ND = LocalDate.of(2026, 11, 22).atTime(23, 30)
            .atZone(ZoneId.of("Asia/Ho_Chi_Minh")).toInstant();
    private static final Instant EARLY_ON_23RD = LATE_ON_22ND.plusSeconds(3600);

    @TempDir
    static Path dataDir;
    static TestFleet fleet;
    static WebSession viewer;
    static WebSession admin;

    @BeforeAll
    static void start() throws Exception {
        fleet = TestFleet.start(dataDir);
        fleet.server.users().upsert("viewer", Role.VIEWER, null, PASSWORD, Instant.now());
        fleet.server.users().upsert("boss", Role.ADMIN, null, PASSWORD, Instant.now());
        viewer = new WebSession(fleet.httpUrl());
        viewer.login("viewer", PASSWORD);
        admin = new WebSession(fleet.httpUrl());
        admin.login("boss", PASSWORD);
        Instant now = Instant.now();
        fleet.server.kiosks().enroll("26734-001", "26734", "hash", now);
        fleet.server.kiosks().enroll("26735-001", "26735", "hash", now);
        fleet.server.kiosks().applyPresence("26734-001", true, 10, "0.1.0", now);
        fleet.server.kiosks().applyPresence("26734-001", false, 10, null, now.plusSeconds(1));
        fleet.server.kiosks().applyPresence("26734-001", true, 20, "0.1.1", now.plusSeconds(2));
        fleet.server.telemetry().store(new IngestBatch(List.of(
                events("26734-001", LATE_ON_22ND, List.of(
                        event(LATE_ON_22ND, "session.start", Map.of()),
                        event(LATE_ON_22ND, "service.viewed", Map.of("service", "khai-sinh")),
                        event(LATE_ON_22ND, "video.played", Map.of("service", "khai-sinh", "seconds", "40")),
                        event(LATE_ON_22ND, "card.read", Map.of("outcome", "wrong-key")),
                        event(LATE_ON_22ND, "rating", Map.of("value", "4")))),
                events("26734-001", EARLY_ON_23RD, List.of(
                        event(EARLY_ON_23RD, "session.start", Map.of()),
                        event(EARLY_ON_23RD, "video.played", Map.of("service", "khai-sinh", "seconds", "20")),
                        event(EARLY_ON_23RD, "card.read", Map.of("outcome", "ok")),
                        event(EARLY_ON_23RD, "rating", Map.of("value", "2")))),
                events("26735-001", EARLY_ON_23RD, List.of(
                        event(EARLY_ON_23RD, "service.viewed", Map.of("service", "=HYPERLINK(\"x\")"))))),
                List.of()));
    }

    private static IngestBatch.Accepted events(String kiosk, Instant at, List<Body.UsageEvent> events) {
        return new IngestBatch.Accepted(Envelope.create(kiosk, at.toEpochMilli(), 1, new Body.EventBatch(events)), at);
    }

    private static long seq;

    private static Body.UsageEvent event(Instant at, String kind, Map<String, String> attributes) {
        return new Body.UsageEvent(Envelope.newId(), at.toEpochMilli(), ++seq, kind, attributes);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void analyticsGroupsByVietnameseDayAndService() throws Exception {
        JsonNode rows = viewer.json(viewer.get("/api/analytics?from=2026-11-22&to=2026-11-24&by=day"));
        assertThat(rows).hasSize(2);
        JsonNode first = rows.get(0);
        assertThat(first.get("day").asText()).isEqualTo("2026-11-22");
        assertThat(first.get("sessions").asLong()).isEqualTo(1);
        assertThat(first.get("videoSeconds").asLong()).isEqualTo(40);
        assertThat(first.get("cardReadsFailed").asLong()).isEqualTo(1);
        JsonNode second = rows.get(1);
        assertThat(second.get("day").asText()).isEqualTo("2026-11-23");
        assertThat(second.get("cardReadsOk").asLong()).isEqualTo(1);
        assertThat(second.get("servicesViewed").asLong()).isEqualTo(1);
        JsonNode byService = viewer.json(viewer.get("/api/analytics?from=2026-11-22&to=2026-11-24&by=service"));
        JsonNode khaiSinh = find(byService, "khai-sinh");
        assertThat(khaiSinh.get("videosPlayed").asLong()).isEqualTo(2);
        assertThat(khaiSinh.get("videoSeconds").asLong()).isEqualTo(60);
        assertThat(find(byService, "-").get("ratingAverage").asDouble()).isEqualTo(3.0);
    }

    private static JsonNode find(JsonNode rows, String service) {
        for (JsonNode row : rows) {
            if (service.equals(row.path("service").asText())) {
                return row;
            }
        }
        throw new AssertionError("no row for " + service + " in " + rows);
    }

    @Test
    void analyticsCsvIsSpreadsheetSafe() throws Exception {
        HttpResponse<String> csv = viewer.get("/api/analytics?from=2026-11-22&to=2026-11-24&by=commune,service&format=csv");
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo(Analytics.Figures.CSV_HEADER);
        assertThat(lines).contains(",26734,khai-sinh,0,1,2,60,0,0,0,");
        // a formula from a kiosk is neutralised and quoted, never run by the spreadsheet
        assertThat(lines).anyMatch(line -> line.startsWith(",26735,\"'=HYPERLINK(\"\"x\"\")\",0,1,"));
    }

    @Test
    void analyticsRefusesBadParametersByName() throws Exception {
        assertThat(viewer.get("/api/analytics?by=province").body()).contains("by:");
        assertThat(viewer.get("/api/analytics?from=yesterday").body()).contains("from:");
        assertThat(viewer.get("/api/analytics?from=2020-01-01&to=2026-01-01").statusCode()).isEqualTo(400);
    }

    @Test
    void presenceHistoryListsEveryChangeNewestFirst() throws Exception {
        JsonNode history = viewer.json(viewer.get("/api/kiosks/26734-001/presence"));
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("online").asBoolean()).isTrue();
        assertThat(history.get(1).get("online").asBoolean()).isFalse();
        assertThat(viewer.get("/api/kiosks/nope/presence").statusCode()).isEqualTo(404);
        assertThat(viewer.get("/api/kiosks/26734-001/presence?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void aBadAdminUnitsCsvStoresNothingAndNamesTheLine() throws Exception {
        HttpResponse<String> bad = admin.send("POST", "/api/admin-units",
                "commune,communeName,district,province\n26750,Xã A,Huyện B,Tỉnh C\n2675,Xã D,Huyện E,Tỉnh F\n");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("line 3").contains("5-digit");
        assertThat(viewer.json(viewer.get("/api/admin-units")).toString()).doesNotContain("26750");
        assertThat(admin.send("POST", "/api/admin-units", "26734,Phường Tân Định,Quận 1,TP Hồ Chí Minh\n")
                .statusCode()).isEqualTo(200);
        JsonNode fleetView = viewer.json(viewer.get("/api/fleet"));
        assertThat(fleetView.get("tree").get("TP Hồ Chí Minh").get("Quận 1").get("26734 Phường Tân Định").toString())
                .isEqualTo("[1,1]");
        assertThat(fleetView.get("counts").get("online").asInt()).isEqualTo(1);
        assertThat(fleetView.get("counts").get("offline").asInt()).isEqualTo(1);
    }
}
