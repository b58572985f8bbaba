package org.erpbridge.cards;

import java.util.List;

import org.erpbridge.cards.CardStubs.TestCard;
import org.erpbridge.secuconnect.model.Card;
import org.erpbridge.secuconnect.model.MerchantCard;
import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.Database;

/** Shared set-up and SQL look-ups of the card tests. */
final class CardTestSupport {
    static final String ACME = "acme";
    static final int PAGE_SIZE = 3;

    private CardTestSupport() {}

    static void reset() {
        SimulatedCrash.disarm();
        CleanSlate.reset();
    }

    /** Payloads of the card.balance-changed events in the outbox, oldest first. */
    static List<String> balanceEvents() {
        return Database.rows(
                        "select payload from outbox_event where type = 'card.balance-changed' order by occurred_at, id")
                .stream()
                .map(r -> (String) r.get("payload"))
                .toList();
    }

    /** secuconnect's merchant card for a test card, with these cash and bonus balances. */
    static MerchantCard merchantCard(TestCard card, long cash, long bonus) {
        return new MerchantCard(
                "loyalty.merchantcards",
                card.id(),
                new Card("loyalty.cards", "CRD_1", card.number(), null),
                null,
                null,
                cash + bonus,
                cash,
                bonus,
                card.points(),
                card.stock(),
                card.lock(),
                card.lastUsage(),
                null,
                null,
                1,
                false);
    }
}
