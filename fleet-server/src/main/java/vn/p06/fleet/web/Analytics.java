package vn.p06.fleet.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.Sql;

/**
 * Usage figures from the kiosks' usage events: sessions, services viewed, videos played (proof of
 * play, with seconds watched), card-read outcomes and ratings, grouped by any of day (Vietnam
 * time), commune and service. Events without a service (sessions, card reads, ratings) group
 * under service "-".
 */
final class Analytics {
    static final Set<String> DIMENSIONS = Set.of("day", "commune", "service");
    /** Days are counted in Vietnam's time zone: a visit at 06:30 local is that day, not the day before. */
    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() { };

    /** One group's figures; a dimension not grouped by is null. */
    record Figures(String day, String commune, String service, long sessions, long servicesViewed, long videosPlayed,
                   long videoSeconds, long cardReadsOk, long cardReadsFailed, long ratings, Double ratingAverage) {
        static final String CSV_HEADER = "day,commune,service,sessions,servicesViewed,videosPlayed,videoSeconds,"
                + "cardReadsOk,cardReadsFailed,ratings,ratingAverage";

        String csv() {
            return String.join(",", csvCell(day), csvCell(commune), csvCell(service), Long.toString(sessions),
                    Long.toString(servicesViewed), Long.toString(videosPlayed), Long.toString(videoSeconds),
                    Long.toString(cardReadsOk), Long.toString(cardReadsFailed), Long.toString(ratings),
                    ratingAverage == null ? "" : String.format(java.util.Locale.ROOT, "%.2f", ratingAverage));
        }
    }

    private static final class Sum {
        long sessions;
        long viewed;
        long videos;
        long videoSeconds;
        long cardOk;
        long cardFailed;
        long ratings;
        long ratingTotal;
    }

    private final Database database;

    Analytics(Database database) {
        this.database = database;
    }

    List<Figures> figures(Instant from, Instant to, Set<String> by) {
        Map<List<String>, Sum> groups = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
        Sql.query(database, "SELECT e.kiosk_ts, e.kind, e.attributes, k.commune FROM usage_events e "
                        + "JOIN kiosks k ON k.id = e.kiosk_id WHERE e.kiosk_ts >= ? AND e.kiosk_ts < ?",
                statement -> {
                    statement.setLong(1, from.toEpochMilli());
                    statement.setLong(2, to.toEpochMilli());
                },
                rs -> {
                    Map<String, String> attributes = attributes(rs.getString("attributes"));
                    String day = Instant.ofEpochMilli(rs.getLong("kiosk_ts")).atZone(VIETNAM).toLocalDate().toString();
                    List<String> key = List.of(
                            by.contains("day") ? day : "",
                            by.contains("commune") ? rs.getString("commune") : "",
                            by.contains("service") ? attributes.getOrDefault("service", "-") : "");
                    add(groups.computeIfAbsent(key, k -> new Sum()), rs.getString("kind"), attributes);
                    return Boolean.TRUE; // aggregated as we go; no row list is kept
                });
        List<Figures> figures = new ArrayList<>();
        groups.forEach((key, sum) -> figures.add(new Figures(blankToNull(key.get(0)), blankToNull(key.get(1)),
                blankToNull(key.get(2)), sum.sessions, sum.viewed, sum.videos, sum.videoSeconds, sum.cardOk,
                sum.cardFailed, sum.ratings, sum.ratings == 0 ? null : (double) sum.ratingTotal / sum.ratings)));
        return figures;
    }

    private static void add(Sum sum, String kind, Map<String, String> attributes) {
        switch (kind) {
            case "session.start" -> sum.sessions++;
            case "service.viewed" -> sum.viewed++;
            case "video.played" -> {
                sum.videos++;
                sum.videoSeconds += number(attributes.get("seconds"));
            }
            case "card.read" -> {
                if ("ok".equals(attributes.get("outcome"))) {
                    sum.cardOk++;
                } else {
                    sum.cardFailed++;
                }
            }
            case "rating" -> {
                sum.ratings++;
                sum.ratingTotal += number(attributes.get("value"));
            }
            default -> {
                // other kinds (search, guide.printed, form.prefilled) are not in these figures
            }
        }
    }

    private static long number(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, String> attributes(String json) {
        try {
            return JSON.readValue(json, ATTRIBUTES);
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static String blankToNull(String text) {
        return text.isEmpty() ? null : text;
    }

    /**
     * A CSV cell, quoted when needed; a leading = + - @ is prefixed with ' so a spreadsheet does
     * not run it as a formula (commune and service names come from kiosks).
     */
    static String csvCell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !"-".equals(value)
                ? "'" + value : value;
        return safe.matches(".*[\",\\r\\n].*") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
