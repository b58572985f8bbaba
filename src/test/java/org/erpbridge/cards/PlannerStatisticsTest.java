package org.erpbridge.cards;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.erpbridge.testing.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * After a bulk of new snapshot rows the planner's row estimate of card_balance is refreshed, so a page's lookup by
 * card number uses the unique index instead of reading every card of the merchant.
 */
@QuarkusTest
class PlannerStatisticsTest {
    private static final String ESTIMATE = "select reltuples::bigint from pg_class where relname = 'card_balance'";

    @Inject
    PlannerStatistics statistics;

    @BeforeEach
    void reset() {
        CardTestSupport.reset();
    }

    @Test
    void enoughNewRowsRefreshTheEstimate() {
        insertCards(1200);
        assertThat(Database.count(ESTIMATE)).as("nothing has analyzed the new rows yet").isNotEqualTo(1200);

        QuarkusTransaction.requiringNew().run(() -> statistics.inserted(1200));

        assertThat(Database.count(ESTIMATE)).isEqualTo(1200);
    }

    private static void insertCards(int n) {
        Database.execute("insert into card_balance (id, merchant, card_number, present, synced_at, changed_at) "
                + "select g, 'acme', (9000000000000000 + g)::text, true, now(), now() from generate_series(1, " + n + ") g");
    }
}
