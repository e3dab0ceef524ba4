package vn.p06.fleet.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.Sql;

/** The config overlay of each kiosk, table {@code kiosk_config}; plain SQL for H2 and PostgreSQL. */
final class KioskConfigs {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, String>> VALUES = new TypeReference<>() {
    };

    private final Database database;

    KioskConfigs(Database database) {
        this.database = database;
    }

    /** @param values kiosk.conf key → value as text, as the desired state carries them */
    record Overlay(long version, Map<String, String> values, Instant updatedAt, String updatedBy) {
    }

    Optional<Overlay> find(String kioskId) {
        return Sql.query(database, "SELECT version, settings, updated_at, updated_by FROM kiosk_config WHERE kiosk_id = ?",
                statement -> statement.setString(1, kioskId),
                rs -> new Overlay(rs.getLong(1), parse(rs.getString(2)), rs.getTimestamp(3).toInstant(),
                        rs.getString(4))).stream().findFirst();
    }

    void put(String kioskId, Overlay overlay) {
        String settings;
        try {
            settings = JSON.writeValueAsString(new TreeMap<>(overlay.values()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // delete and insert in one transaction: an upsert both databases read the same way
        Sql.inTransaction(database, connection -> {
            try (var delete = connection.prepareStatement("DELETE FROM kiosk_config WHERE kiosk_id = ?");
                 var insert = connection.prepareStatement("INSERT INTO kiosk_config "
                         + "(kiosk_id, version, settings, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)")) {
                delete.setString(1, kioskId);
                delete.executeUpdate();
                insert.setString(1, kioskId);
                insert.setLong(2, overlay.version());
                insert.setString(3, settings);
                insert.setTimestamp(4, Timestamp.from(overlay.updatedAt()));
                insert.setString(5, overlay.updatedBy());
                return insert.executeUpdate();
            }
        });
    }

    private static Map<String, String> parse(String settings) {
        try {
            return JSON.readValue(settings, VALUES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("kiosk_config.settings is not a JSON object: " + e.getOriginalMessage(), e);
        }
    }
}
