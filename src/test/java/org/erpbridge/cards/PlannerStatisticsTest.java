package org.erpbridge.cards;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.erpbridge.testing.Database;
import org.erpbridge.testing.PostgresTestDatabase;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Early in a bulk import the planner's statistics of card_balance are refreshed, and that one refresh keeps a page's
 * statements on their keys while the table grows far beyond what the statistics saw.
 */
@QuarkusTest
class PlannerStatisticsTest {
    private static final String ESTIMATE = "select reltuples::bigint from pg_class where relname = 'card_balance'";

    @Inject
    PlannerStatistics statistics;

    @BeforeEach
    void reset() {
        CardTestSupport.reset();
        statistics.forget(); // other tests' counts, of rows since truncated
    }

    @Test
    void enoughNewRowsRefreshTheEstimate() {
        insertCards(1, 1200);
        assertThat(Database.count(ESTIMATE))
                .as("nothing has analyzed the new rows yet")
                .isNotEqualTo(1200);

        QuarkusTransaction.requiringNew().run(() -> statistics.inserted(1200));

        assertThat(Database.count(ESTIMATE)).isEqualTo(1200);
    }

    @Test
    void oneRefreshEarlyInAnImportKeepsAPagesStatementsOnTheirKeys() throws SQLException {
        insertCards(1, 600);
        QuarkusTransaction.requiringNew().run(() -> statistics.inserted(600));
        insertCards(601, 100_000);
        List<Object> numbers = new ArrayList<>();
        List<Object> ids = new ArrayList<>();
        for (long i = 70_001; i <= 70_100; i++) {
            numbers.add(Long.toString(9000000000000000L + i));
            ids.add(i);
        }

        assertThat(plan(CardRows.findSql(100), numbers))
                .contains("card_balance_card_hash_key")
                .doesNotContain("Seq Scan");
        assertThat(plan(CardRows.lockSql(100), ids))
                .contains("card_balance_pkey")
                .doesNotContain("Seq Scan");
    }

    private static String plan(String sql, List<Object> keys) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = PostgresTestDatabase.connect();
                PreparedStatement ps = c.prepareStatement("explain " + sql)) {
            int i = 0;
            for (Object key : keys) {
                ps.setObject(++i, key);
            }
            ps.setString(++i, "acme");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        }
        return String.join("\n", lines);
    }

    private static void insertCards(int from, int to) {
        Database.execute("insert into card_balance (id, merchant, card_hash, present, synced_at, changed_at) "
                + "select g, 'acme', (9000000000000000 + g)::text, true, now(), now() from generate_series(" + from
                + ", "
                + to + ") g");
    }
}
