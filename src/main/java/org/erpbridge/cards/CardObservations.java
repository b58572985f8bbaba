package org.erpbridge.cards;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.erpbridge.merchant.Merchants;
import org.erpbridge.secuconnect.CardNumbers;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

/**
 * Keeps a card's row fresh after every payment: secuconnect's answer to start/cash carries the card's new
 * balances, and the checkout fires {@link CardObserved} with them.
 * <p>
 * The row, its history row and the {@code card.balance-changed} event are written in a transaction of their
 * own, committed before the observer returns. The balances are secuconnect's facts whatever becomes of the
 * caller's transaction, and a failure here (say two replicas inserting the same new card at once) must never roll
 * back the payment: it is logged, and the next sync catches up.
 */
@ApplicationScoped
class CardObservations {
    private static final Logger LOG = Logger.getLogger(CardObservations.class);

    private final CardBalances balances;
    private final Merchants merchants;
    private final Clock clock;

    CardObservations(CardBalances balances, Merchants merchants, Clock clock) {
        this.balances = balances;
        this.merchants = merchants;
        this.clock = clock;
    }

    void onCardObserved(@Observes CardObserved observed) {
        if (observed.card() == null
                || observed.card().cardNumber() == null
                || merchants.find(observed.merchant()).isEmpty()) {
            return;
        }
        String masked = CardNumbers.mask(observed.card().cardNumber());
        Instant at = observed.observedAt() != null ? observed.observedAt() : clock.instant();
        for (int attempt = 1; ; attempt++) {
            try {
                CardBalances.Applied applied = QuarkusTransaction.requiringNew()
                        .call(() -> balances.apply(
                                observed.merchant(), List.of(observed.card()), at, CardBalances.SOURCE_PAYMENT, null));
                LOG.debugf(
                        "Merchant %s card %s observed in a payment: %s",
                        observed.merchant(), masked, applied.changed() > 0 ? "changed" : "unchanged");
                return;
            } catch (RuntimeException e) {
                // a second attempt sees a card a sync inserted at the same moment
                if (attempt >= 2) {
                    LOG.warnf(
                            "Merchant %s: could not record the balances of card %s from a payment (the next sync "
                                    + "will): %s",
                            observed.merchant(), masked, CardNumbers.maskAll(String.valueOf(e.getMessage())));
                    return;
                }
            }
        }
    }
}
