package org.erpbridge.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Test helpers over plain JDBC: emptying the bridge's tables between tests and counting rows. */
public final class Database {
    private Database() {
    }

    /** Empties every application table (not Flyway's history, not the scheduler's tables). */
    public static void truncateAll() {
        try (Connection c = PostgresTestDatabase.connect(); Statement s = c.createStatement()) {
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

    /** Runs a count query (or any query whose first column is a number) and returns the number. */
    public static long count(String sql) {
        try (Connection c = PostgresTestDatabase.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
