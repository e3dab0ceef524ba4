package vn.p06.fleet.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.Sql;

/**
 * The fleet table in one query (kiosks ⟕ admin units ⟕ newest reported state), with each kiosk's
 * problems worked out here, so the page and the counts agree on what "hot" or "disk low" means.
 */
final class FleetView {
    /** Problems above these are shown (and counted) in the fleet view. */
    static final double HOT_CELSIUS = 75;
    static final double DISK_LOW_FRACTION = 0.10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row of the fleet table. */
    record Row(String id, String commune, String communeName, String district, String province, boolean online,
               boolean revoked, Instant lastSeenAt, Instant presenceChangedAt, String appVersion,
               Double cpuTemperatureC, Long diskFreeBytes, Long diskTotalBytes, Double loadAverage1m,
               String activeRelease, List<String> problems) {
    }

    /**
     * The table, the counts by problem, the province → district → commune tree ({@code [kiosks,
     * online]} per commune), and the thresholds, so live updates on the page judge as this does.
     */
    record Fleet(Instant generatedAt, int total, Map<String, Integer> counts, List<Row> kiosks,
                 Map<String, Map<String, Map<String, int[]>>> tree, double hotCelsius, double diskLowFraction) {
    }

    private final Database database;

    FleetView(Database database) {
        this.database = database;
    }

    Fleet fleet(Instant now) {
        List<Row> rows = Sql.query(database, "SELECT k.id, k.commune, k.online, k.revoked, k.last_seen_at, "
                        + "k.presence_changed_at, k.app_version, k.last_health, u.commune_name, u.district, u.province, "
                        + "r.body AS reported FROM kiosks k LEFT JOIN admin_units u ON u.commune = k.commune "
                        + "LEFT JOIN (SELECT kiosk_id, body, ROW_NUMBER() OVER (PARTITION BY kiosk_id "
                        + "ORDER BY kiosk_ts DESC) AS n FROM reported_states) r ON r.kiosk_id = k.id AND r.n = 1 "
                        + "ORDER BY k.id",
                statement -> { }, FleetView::row);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String problem : List.of("online", "offline", "hot", "disk-low", "printer-paper-out",
                "card-reader-missing")) {
            counts.put(problem, 0);
        }
        // province → district → commune → {kiosks, online}
        Map<String, Map<String, Map<String, int[]>>> tree = new TreeMap<>();
        for (Row row : rows) {
            if (row.revoked()) {
                continue;
            }
            counts.merge(row.online() ? "online" : "offline", 1, Integer::sum);
            row.problems().stream().filter(p -> !"offline".equals(p)).forEach(p -> counts.merge(p, 1, Integer::sum));
            int[] cell = tree.computeIfAbsent(orUnknown(row.province()), p -> new TreeMap<>())
                    .computeIfAbsent(orUnknown(row.district()), d -> new TreeMap<>())
                    .computeIfAbsent(row.commune() + (row.communeName() == null ? "" : " " + row.communeName()),
                            c -> new int[2]);
            cell[0]++;
            cell[1] += row.online() ? 1 : 0;
        }
        return new Fleet(now, rows.size(), counts, rows, tree, HOT_CELSIUS, DISK_LOW_FRACTION);
    }

    private static String orUnknown(String name) {
        return name == null || name.isBlank() ? "?" : name;
    }

    private static Row row(ResultSet rs) throws SQLException {
        JsonNode health = parse(rs.getString("last_health"));
        JsonNode reported = parse(rs.getString("reported"));
        boolean online = rs.getBoolean("online");
        Double temperature = number(health, "cpuTemperatureC");
        Double diskFree = number(health, "diskFreeBytes");
        Double diskTotal = number(health, "diskTotalBytes");
        List<String> problems = new ArrayList<>();
        if (!online) {
            problems.add("offline");
        }
        if (temperature != null && temperature >= HOT_CELSIUS) {
            problems.add("hot");
        }
        if (diskFree != null && diskTotal != null && diskTotal > 0 && diskFree / diskTotal < DISK_LOW_FRACTION) {
            problems.add("disk-low");
        }
        JsonNode peripherals = health == null ? null : health.get("peripherals");
        if (peripherals != null) {
            JsonNode printer = peripherals.get("printer");
            if (printer != null && List.of("paper-out", "no-paper").contains(printer.path("state").asText())) {
                problems.add("printer-paper-out");
            }
            JsonNode reader = peripherals.get("cardReader");
            if (reader != null && !reader.path("present").asBoolean(true)) {
                problems.add("card-reader-missing");
            }
        }
        return new Row(rs.getString("id"), rs.getString("commune"), rs.getString("commune_name"),
                rs.getString("district"), rs.getString("province"), online, rs.getBoolean("revoked"),
                instant(rs.getTimestamp("last_seen_at")), instant(rs.getTimestamp("presence_changed_at")),
                rs.getString("app_version"), temperature, diskFree == null ? null : diskFree.longValue(),
                diskTotal == null ? null : diskTotal.longValue(), number(health, "loadAverage1m"),
                reported == null || reported.path("activeRelease").isNull() ? null
                        : reported.path("activeRelease").asText(null),
                problems);
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null; // stored by ingest from a validated record; a bad one shows as "no data"
        }
    }

    private static Double number(JsonNode node, String field) {
        return node == null || !node.path(field).isNumber() ? null : node.get(field).asDouble();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
