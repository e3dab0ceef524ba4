package vn.p06.fleet.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The few JDBC shapes the repositories repeat: a query, an update, a transaction. Public so that
 * the stores of other capabilities (alerts, commands) use the same shapes instead of copies.
 */
public final class Sql {

    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Sql() {
    }

    public static <T> List<T> query(Database database, String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection connection = database.connection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    public static int update(Database database, String sql, Binder binder) {
        try (Connection connection = database.connection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    public static <T> T inTransaction(Database database, Work<T> work) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("transaction", e);
        }
    }
}
