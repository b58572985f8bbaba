package org.erpbridge.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Searches every text column of every table of the test database, for data that must never be stored. */
public final class StoredText {
    private StoredText() {}

    /** {@code table.column: needle} for every text, varchar or JSON column holding one of the needles anywhere. */
    public static List<String> containing(List<String> needles) {
        List<String> found = new ArrayList<>();
        try (Connection c = PostgresTestDatabase.connect()) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select table_name, column_name from "
                            + "information_schema.columns where table_schema = current_schema() and data_type in "
                            + "('character varying', 'text', 'character', 'json', 'jsonb')");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            if (columns.size() < 20) {
                throw new IllegalStateException(
                        "only " + columns.size() + " text columns found: not the bridge schema");
            }
            for (String[] column : columns) {
                for (String needle : needles) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "select count(*) from \"" + column[0] + "\" where \"" + column[1] + "\"::text like ?")) {
                        ps.setString(1, "%" + needle + "%");
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) > 0) {
                                found.add(column[0] + "." + column[1] + ": " + needle);
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }
}
