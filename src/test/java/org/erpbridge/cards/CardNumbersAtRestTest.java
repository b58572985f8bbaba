package org.erpbridge.cards;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.erpbridge.carddata.CardDataConversion;
import org.erpbridge.carddata.CardVault;
import org.erpbridge.cards.CardStubs.TestCard;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.StoredText;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.cards.CardTestSupport.ACME;
import static org.erpbridge.cards.CardTestSupport.PAGE_SIZE;
import static org.erpbridge.testing.Database.rows;

/** Card numbers at rest in the card balances: a sync stores none in plain text, and plain rows are converted. */
@QuarkusTest
class CardNumbersAtRestTest {
    @Inject
    CardSync sync;

    @Inject
    CardVault vault;

    @Inject
    CardDataConversion conversion;

    @Inject
    Event<CardObserved> observed;

    private final List<TestCard> cards = CardStubs.sevenCards();

    @BeforeEach
    void reset() {
        CardTestSupport.reset();
    }

    @Test
    void noTableHoldsAFullCardNumberAfterASyncAndAPayment() {
        CardStubs.stubPages(cards, PAGE_SIZE);
        sync.runScheduled(ACME, Instant.now()).orElseThrow();
        TestCard card = cards.get(2);
        QuarkusTransaction.requiringNew()
                .run(() -> observed.fire(new CardObserved(
                        ACME,
                        CardTestSupport.merchantCard(card, 990, 9),
                        Instant.now().plusSeconds(5))));

        assertThat(Database.count("select count(*) from card_balance")).isEqualTo(7);
        assertThat(Database.count("select count(*) from card_balance_history where source = 'payment'"))
                .isEqualTo(1);
        assertThat(StoredText.containing(cards.stream().map(TestCard::number).toList()))
                .isEmpty();
    }

    @Test
    void aCardStoredWithItsPlainNumberIsConvertedAndATwinStoredSinceIsMerged() {
        // the previous version's rows: plain numbers, no hash; the second card was stored again under its hash since
        insertPlain(1, "9276004429940011");
        insertPlain(2, "9276004429940022");
        Database.execute(
                "insert into card_balance (id, merchant, card_hash, card_masked, present, synced_at, changed_at)"
                        + " values (3, 'acme', '" + vault.lookupHash("9276004429940022")
                        + "', '************0022', true, now(), "
                        + "now())");
        Database.execute("insert into card_balance_history (id, merchant, card_id, change_kind, source, new_present, "
                + "changed_at) values (1, 'acme', 2, 'new', 'sync', true, now())");

        assertThat(conversion.convertAll(1)).isEqualTo(2);

        assertThat(StoredText.containing(List.of("9276004429940011", "9276004429940022")))
                .isEmpty();
        Map<String, Object> first =
                rows("select * from card_balance where id = 1").get(0);
        assertThat(first.get("card_hash")).isEqualTo(vault.lookupHash("9276004429940011"));
        assertThat(first.get("card_masked")).isEqualTo("************0011");
        assertThat(vault.open((String) first.get("card_sealed"))).isEqualTo("9276004429940011");
        assertThat(rows("select id from card_balance order by id"))
                .extracting(r -> r.get("id"))
                .containsExactly(1L, 3L);
        assertThat(rows("select card_id from card_balance_history").get(0).get("card_id"))
                .isEqualTo(3L);
        assertThat(conversion.convertAll(10)).isZero();
    }

    private static void insertPlain(long id, String number) {
        Database.execute(
                "insert into card_balance (id, merchant, card_number, balance, present, synced_at, changed_at) "
                        + "values (" + id + ", 'acme', '" + number + "', 100, true, now(), now())");
    }
}
