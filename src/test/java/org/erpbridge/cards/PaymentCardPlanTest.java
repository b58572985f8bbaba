package org.erpbridge.cards;

import java.sql.SQLException;

import org.erpbridge.testing.Database;
import org.erpbridge.testing.Plans;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payment's card lookup reads the card key and nothing else, whatever the statistics say. Seen in the bench: once
 * ANALYZE had seen one merchant's cards only, the lookup for a merchant the statistics called rare walked the
 * merchant-led presence index and filtered a thousand cards by hash, on every payment.
 */
@QuarkusTest
class PaymentCardPlanTest {

    @BeforeEach
    void cardsOfAnotherMerchantOnlyThenAnalyze() {
        Database.truncateAll();
        Database.execute("insert into card_balance (id, merchant, card_hash, card_masked, balance, cash_balance, "
                + "bonus_balance, points, present, synced_at, changed_at) select g, 'bravo', md5(g::text) || md5(g::text),"
                + " '************' || g % 10000, 0, 0, 0, 0, true, now(), now() from generate_series(1, 3000) g");
        Database.execute("analyze card_balance");
    }

    @Test
    void theLookupByCardHashUsesTheCardKeyOnly() throws SQLException {
        assertThat(Plans.accessPaths(PaymentCardBalances.FIND, "'" + "ab".repeat(32) + "'", "'acme'"))
                .containsExactly("card_balance_card_hash_key");
    }
}
