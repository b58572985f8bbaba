package org.erpbridge.cards;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.erpbridge.merchant.Merchants;
import org.erpbridge.secuconnect.CardNumbers;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Keeps a card's snapshot fresh after every payment: secuconnect's answer to start/cash carries the card's new
 * balances, and the checkout fires {@link CardObserved} with them.
 * <p>
 * The snapshot, its history row and the {@code card.balance-changed} event are written in a transaction of their
 * own, committed before the observer returns. The balances are secuconnect's facts whatever becomes of the
 * caller's transaction, and a failure here (say two replicas inserting the same new card at once) must never roll
 * back the payment: it is logged, and the next sync catches up.
 */
@ApplicationScoped
class CardObservations {
    private static final Logger LOG = Logger.getLogger(CardObservations.class);

    private final CardSnapshots snapshots;
    private final Merchants merchants;
    private final Clock clock;

    CardObservations(CardSnapshots snapshots, Merchants merchants, Clock clock) {
        this.snapshots = snapshots;
        this.merchants = merchants;
        this.clock = clock;
    }

    void onCardObserved(@Observes CardObserved observed) {
        if (observed.card() == null || observed.card().cardNumber() == null
                || merchants.find(observed.merchant()).isEmpty()) {
            return;
        }
        try {
            CardSnapshots.Applied applied = QuarkusTransaction.requiringNew().call(() -> snapshots.apply(
                    observed.merchant(), List.of(observed.card()),
                    observed.observedAt() != null ? observed.observedAt() : clock.instant(), CardSnapshots.SOURCE_PAYMENT,
                    null));
            LOG.debugf("Merchant %s card %s observed in a payment: %s", observed.merchant(),
                    CardNumbers.mask(observed.card().cardNumber()), applied.changed() > 0 ? "changed" : "unchanged");
        } catch (RuntimeException e) {
            LOG.warnf("Merchant %s: could not record the balances of card %s from a payment (the next sync will): %s",
                    observed.merchant(), CardNumbers.mask(observed.card().cardNumber()),
                    CardNumbers.maskAll(String.valueOf(e.getMessage())));
        }
    }
}
