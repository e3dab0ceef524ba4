package vn.p06.fleet.rollout;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.Sql;

/**
 * Kiosk groups as selectors over the kiosks table, resolved to kiosk ids when a rollout starts:
 * a list of commune codes (a commune, or a district's / province's communes), a commune-code
 * prefix, or a tag set on kiosks. Revoked kiosks are never in a group.
 */
public final class KioskGroups {
    private static final Pattern COMMUNE = Pattern.compile("\\d{5}");
    private static final Pattern PREFIX = Pattern.compile("\\d{1,5}");
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String ACTIVE = "SELECT id FROM kiosks k WHERE NOT k.revoked AND ";

    /** Exactly one of the three selectors is set. */
    public record Group(String name, List<String> communes, String communePrefix, String tag) {
        public Group {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("group name must match " + NAME.pattern() + ": " + name);
            }
            communes = communes == null ? null : List.copyOf(communes);
            int set = (communes != null ? 1 : 0) + (communePrefix != null ? 1 : 0) + (tag != null ? 1 : 0);
            if (set != 1) {
                throw new IllegalArgumentException("a group has exactly one of communes, communePrefix, tag");
            }
            if (communes != null && (communes.isEmpty() || !communes.stream().allMatch(c -> COMMUNE.matcher(c).matches()))) {
                throw new IllegalArgumentException("communes must be 5-digit commune codes: " + communes);
            }
            if (communePrefix != null && !PREFIX.matcher(communePrefix).matches()) {
                throw new IllegalArgumentException("communePrefix must be 1 to 5 digits: " + communePrefix);
            }
            if (tag != null && !TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("tag must match " + TAG.pattern() + ": " + tag);
            }
        }
    }

    private final Database database;

    KioskGroups(Database database) {
        this.database = database;
    }

    void put(Group group) {
        String kind = group.communes() != null ? "communes" : group.communePrefix() != null ? "prefix" : "tag";
        String selector = group.communes() != null ? String.join(",", group.communes())
                : group.communePrefix() != null ? group.communePrefix() : group.tag();
        Sql.inTransaction(database, connection -> {
            try (var delete = connection.prepareStatement("DELETE FROM kiosk_groups WHERE name = ?");
                 var insert = connection.prepareStatement(
                         "INSERT INTO kiosk_groups (name, kind, selector) VALUES (?, ?, ?)")) {
                delete.setString(1, group.name());
                delete.executeUpdate();
                insert.setString(1, group.name());
                insert.setString(2, kind);
                insert.setString(3, selector);
                return insert.executeUpdate();
            }
        });
    }

    Optional<Group> find(String name) {
        return Sql.query(database, "SELECT name, kind, selector FROM kiosk_groups WHERE name = ?",
                statement -> statement.setString(1, name), rs -> group(rs.getString(1), rs.getString(2),
                        rs.getString(3))).stream().findFirst();
    }

    List<Group> list() {
        return Sql.query(database, "SELECT name, kind, selector FROM kiosk_groups ORDER BY name", statement -> { },
                rs -> group(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    /** The group's kiosks now, sorted by id (the order waves take them in). */
    List<String> resolve(String name) {
        Group group = find(name).orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no group " + name));
        if (group.communes() != null) {
            String marks = String.join(",", java.util.Collections.nCopies(group.communes().size(), "?"));
            return Sql.query(database, ACTIVE + "commune IN (" + marks + ") ORDER BY id", statement -> {
                for (int i = 0; i < group.communes().size(); i++) {
                    statement.setString(i + 1, group.communes().get(i));
                }
            }, rs -> rs.getString(1));
        }
        if (group.communePrefix() != null) {
            return Sql.query(database, ACTIVE + "commune LIKE ? ORDER BY id",
                    statement -> statement.setString(1, group.communePrefix() + "%"), rs -> rs.getString(1));
        }
        return Sql.query(database, ACTIVE + "EXISTS (SELECT 1 FROM kiosk_tags t WHERE t.kiosk_id = k.id AND t.tag = ?) "
                + "ORDER BY id", statement -> statement.setString(1, group.tag()), rs -> rs.getString(1));
    }

    /** Replaces the kiosk's tags. */
    void setTags(String kioskId, List<String> tags) {
        tags.forEach(tag -> {
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("tag must match " + TAG.pattern() + ": " + tag);
            }
        });
        boolean known = !Sql.query(database, "SELECT 1 FROM kiosks WHERE id = ?",
                statement -> statement.setString(1, kioskId), rs -> 1).isEmpty();
        if (!known) {
            throw new HttpError(HttpResponseStatus.NOT_FOUND, "no kiosk " + kioskId);
        }
        Sql.inTransaction(database, connection -> {
            try (var delete = connection.prepareStatement("DELETE FROM kiosk_tags WHERE kiosk_id = ?");
                 var insert = connection.prepareStatement("INSERT INTO kiosk_tags (kiosk_id, tag) VALUES (?, ?)")) {
                delete.setString(1, kioskId);
                delete.executeUpdate();
                for (String tag : new java.util.TreeSet<>(tags)) {
                    insert.setString(1, kioskId);
                    insert.setString(2, tag);
                    insert.addBatch();
                }
                insert.executeBatch();
                return null;
            }
        });
    }

    List<String> tags(String kioskId) {
        return Sql.query(database, "SELECT tag FROM kiosk_tags WHERE kiosk_id = ? ORDER BY tag",
                statement -> statement.setString(1, kioskId), rs -> rs.getString(1));
    }

    private static Group group(String name, String kind, String selector) {
        return switch (kind) {
            case "communes" -> new Group(name, Arrays.asList(selector.split(",")), null, null);
            case "prefix" -> new Group(name, null, selector, null);
            default -> new Group(name, null, null, selector);
        };
    }
}
