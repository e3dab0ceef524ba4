package vn.p06.fleet.command;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.Sql;

/** Commands as sent, their state, and the result a kiosk uploaded. */
final class CommandStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, kiosk_id, name, arguments, state, detail, created_at, created_by, "
            + "expires_at, updated_at, result_type IS NOT NULL AS has_result";

    private final Database database;

    CommandStore(Database database) {
        this.database = database;
    }

    void insert(Command command) {
        Sql.update(database, "INSERT INTO commands (id, kiosk_id, name, arguments, state, detail, created_at, "
                + "created_by, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", statement -> {
                    statement.setString(1, command.id());
                    statement.setString(2, command.kioskId());
                    statement.setString(3, command.name());
                    statement.setString(4, json(command.arguments()));
                    statement.setString(5, command.state());
                    statement.setString(6, command.detail());
                    statement.setTimestamp(7, Timestamp.from(command.createdAt()));
                    statement.setString(8, command.createdBy());
                    statement.setTimestamp(9, Timestamp.from(command.expiresAt()));
                    statement.setTimestamp(10, Timestamp.from(command.updatedAt()));
                });
    }

    /** @return false when the command was no longer in {@code expectedState} (someone moved it on) */
    boolean setState(String id, String expectedState, String state, String detail, Instant at) {
        return Sql.update(database, "UPDATE commands SET state = ?, detail = ?, updated_at = ? WHERE id = ? AND state = ?",
                statement -> {
                    statement.setString(1, state);
                    statement.setString(2, detail);
                    statement.setTimestamp(3, Timestamp.from(at));
                    statement.setString(4, id);
                    statement.setString(5, expectedState);
                }) == 1;
    }

    Optional<Command> find(String id) {
        return Sql.query(database, "SELECT " + COLUMNS + " FROM commands WHERE id = ?",
                statement -> statement.setString(1, id), CommandStore::command).stream().findFirst();
    }

    /** Newest first, at most {@code limit}. */
    List<Command> forKiosk(String kioskId, int limit) {
        return Sql.query(database, "SELECT " + COLUMNS + " FROM commands WHERE kiosk_id = ? "
                        + "ORDER BY created_at DESC, id DESC LIMIT ?",
                statement -> {
                    statement.setString(1, kioskId);
                    statement.setInt(2, limit);
                }, CommandStore::command);
    }

    /** Still waiting for the kiosk (never acknowledged) and past their expiry. */
    List<Command> unansweredExpired(Instant now) {
        return Sql.query(database, "SELECT " + COLUMNS + " FROM commands WHERE state = 'sent' AND expires_at < ?",
                statement -> statement.setTimestamp(1, Timestamp.from(now)), CommandStore::command);
    }

    /** An acknowledgement the kiosk sent for one of its own commands. */
    record Ack(String commandId, String currentState, String currentDetail, String state, String detail) {
    }

    /**
     * Acks of commands that may still move (sent, accepted, or expired by the server while the kiosk
     * was away), oldest first. Joined on the kiosk too: a kiosk cannot move another kiosk's command.
     */
    List<Ack> pendingAcks(Instant since) {
        return Sql.query(database, "SELECT c.id, c.state, c.detail, a.state, a.detail FROM commands c "
                        + "JOIN command_acks a ON a.command_id = c.id AND a.kiosk_id = c.kiosk_id "
                        + "WHERE c.state IN ('sent', 'accepted', 'expired') AND c.created_at >= ? "
                        + "ORDER BY a.kiosk_ts, a.received_at",
                statement -> statement.setTimestamp(1, Timestamp.from(since)),
                rs -> new Ack(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
    }

    void saveResult(String id, String contentType, byte[] result) {
        Sql.update(database, "UPDATE commands SET result_type = ?, result_bytes = ? WHERE id = ?", statement -> {
            statement.setString(1, contentType);
            statement.setBytes(2, result);
            statement.setString(3, id);
        });
    }

    record Result(String contentType, byte[] bytes) {
    }

    Optional<Result> result(String id) {
        return Sql.query(database, "SELECT result_type, result_bytes FROM commands WHERE id = ? AND result_type IS NOT NULL",
                statement -> statement.setString(1, id),
                rs -> new Result(rs.getString(1), rs.getBytes(2))).stream().findFirst();
    }

    private static Command command(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        return new Command(id, rs.getString("kiosk_id"), rs.getString("name"), arguments(rs.getString("arguments")),
                rs.getString("state"), rs.getString("detail"), instant(rs, "created_at"), rs.getString("created_by"),
                instant(rs, "expires_at"), instant(rs, "updated_at"),
                rs.getBoolean("has_result") ? CommandService.resultPath(id) : null);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String json(Map<String, String> arguments) {
        try {
            return JSON.writeValueAsString(arguments);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> arguments(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("commands.arguments is written by this class only", e);
        }
    }
}
