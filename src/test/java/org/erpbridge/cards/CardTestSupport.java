package org.erpbridge.cards;

import java.sql.Connection;
import java.sql.SQLException;
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

    /** Rows of a query on the test database as column-name maps. */
    static List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = PostgresTestDatabase.connect()) {
            return rows(c, sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of a query as column-name maps. */
    static List<Map<String, Object>> rows(Connection c, String sql, Object... params) throws SQLException {
        return Database.rows(c, sql, params);
    }

    /** Payloads of the card.balance-changed events in the outbox, oldest first. */
    static List<String> balanceEvents() {
        return rows("select payload from outbox_event where type = 'card.balance-changed' order by occurred_at, id")
                .stream().map(r -> (String) r.get("payload")).toList();
    }
}
