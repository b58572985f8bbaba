package org.erpbridge.cards;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.erpbridge.secuconnect.ClientTestState;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.PostgresTestDatabase;

/** Shared set-up and SQL look-ups of the card tests. */
final class CardTestSupport {
    static final String ACME = "acme";
    static final int PAGE_SIZE = 3;

    private CardTestSupport() {
    }

    static void reset() {
        SimulatedCrash.disarm();
        Database.truncateAll();
        CardStubs.wm().resetAll();
        CardStubs.stubToken();
        ClientTestState.reset(ACME);
    }

    /** Rows of a query as column-name maps. */
    static List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = PostgresTestDatabase.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> result = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
                        row.put(rs.getMetaData().getColumnLabel(col), rs.getObject(col));
                    }
                    result.add(row);
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void execute(String sql) {
        try (Connection c = PostgresTestDatabase.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Payloads of the card.balance-changed events in the outbox, oldest first. */
    static List<String> balanceEvents() {
        return rows("select payload from outbox_event where type = 'card.balance-changed' order by occurred_at, id")
                .stream().map(r -> (String) r.get("payload")).toList();
    }
}
