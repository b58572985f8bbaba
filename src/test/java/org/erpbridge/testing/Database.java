package org.erpbridge.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test helpers over plain JDBC: emptying the bridge's tables between tests and counting rows. */
public final class Database {
    private Database() {}

    /** Empties every application table (not Flyway's history, not the scheduler's tables). */
    public static void truncateAll() {
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select table_name from information_schema.tables "
                    + "where table_schema = current_schema() and table_type = 'BASE TABLE' "
                    + "and table_name not like 'qrtz%' and table_name not like 'flyway%'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (!tables.isEmpty()) {
                s.execute("truncate table " + String.join(", ", tables) + " cascade");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one statement on the test database. */
    public static void execute(String sql) {
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row of a query, as text; null when there is no row. */
    public static String string(String sql) {
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a count query (or any query whose first column is a number) and returns the number. */
    public static long count(String sql) {
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of a query on the test database as column-name maps. */
    public static List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = PostgresTestDatabase.connect()) {
            return rows(c, sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of a query as column-name maps, on any connection (the test database, a packaged app's database). */
    public static List<Map<String, Object>> rows(Connection c, String sql, Object... params) throws SQLException {
        return PostgresAdmin.rows(c, sql, params);
    }
}
