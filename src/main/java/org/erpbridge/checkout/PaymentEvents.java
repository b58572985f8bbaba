package org.erpbridge.checkout;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.erpbridge.cards.CardObserved;
import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.secuconnect.model.MerchantCard;

import org.jboss.logging.Logger;

/**
 * What a transition means to the rest of the world, in one place. {@link #eventFor} names the ERP event a
 * transition publishes (the store writes it in the transition's own transaction, so it is sent exactly when the
 * transition happened); {@link #committed} runs after the commit: metrics, the card's new balances for the cards
 * feature, and the log line.
 */
@ApplicationScoped
class PaymentEvents {
    private static final Logger LOG = Logger.getLogger(PaymentEvents.class);

    private final Event<CardObserved> cardObserved;
    private final Event<PaymentSettled> settled;

    PaymentEvents(Event<CardObserved> cardObserved, Event<PaymentSettled> settled) {
        this.cardObserved = cardObserved;
        this.settled = settled;
    }

    /** The ERP event of a transition, or null. A refused cancel that returns a payment to COMPLETED is not a second completion. */
    static String eventFor(PaymentState from, PaymentState to) {
        return switch (to) {
            case COMPLETED -> from.inFlight() ? EventOutbox.CASH_PAYMENT_COMPLETED : null;
            case FAILED -> EventOutbox.CASH_PAYMENT_FAILED;
            case REVIEW -> EventOutbox.CASH_PAYMENT_REVIEW;
            case CANCELLED -> EventOutbox.CASH_PAYMENT_CANCELLED;
            default -> null;
        };
    }

    /**
     * After {@code p} was committed in its new state, coming from {@code from}. {@code newCard}: a card the completing
     * transaction did not know yet, handed to the cards feature to be stored in a transaction of its own.
     */
    void committed(PaymentState from, CashPayment p, MerchantCard newCard) {
        LOG.debugf(
                "Cash payment merchant=%s order=%s attempt=%d: %s -> %s",
                p.merchant, p.orderId, p.attempt, from, p.state);
        if (eventFor(from, p.state) != null) {
            settled.fire(new PaymentSettled(
                    p.merchant,
                    p.state,
                    from.inFlight() ? Duration.between(p.attemptStartedAt, p.stateChangedAt) : null));
        }
        switch (p.state) {
            case COMPLETED -> {
                if (from.inFlight()) {
                    LOG.infof(
                            "Cash payment completed: merchant=%s order=%s stx=%s ltx=%s reconciliation=%s",
                            p.merchant, p.orderId, p.smartTransactionId, p.loyaltyTransactionId, p.reconciliation);
                }
            }
            case FAILED ->
                LOG.infof(
                        "Cash payment failed: merchant=%s order=%s attempt=%d code=%s supportId=%s: %s",
                        p.merchant, p.orderId, p.attempt, p.errorCode, p.supportId, p.lastProblem);
            case REVIEW ->
                LOG.warnf(
                        "Cash payment needs review: merchant=%s order=%s attempt=%d stx=%s: %s",
                        p.merchant, p.orderId, p.attempt, p.smartTransactionId, p.lastProblem);
            case CANCELLED ->
                LOG.infof(
                        "Cash payment cancelled: merchant=%s order=%s stx=%s",
                        p.merchant, p.orderId, p.smartTransactionId);
            default -> {}
        }
        if (newCard != null) {
            observeCard(p.merchant, newCard);
        }
    }

    /**
     * Hands the balances secuconnect just reported to the cards feature. An observer's failure must not undo
     * a booked payment, so it is logged and swallowed (the card sync job corrects the snapshot later).
     */
    private void observeCard(String merchant, MerchantCard card) {
        try {
            cardObserved.fire(new CardObserved(merchant, card, null));
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Card observer failed for merchant %s, card %s: %s",
                    merchant, card.id(), e.getClass().getSimpleName());
        }
    }
}
