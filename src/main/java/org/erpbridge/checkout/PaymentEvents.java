package org.erpbridge.checkout;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.erpbridge.cards.CardObserved;
import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.secuconnect.model.MerchantCard;
import org.jboss.logging.Logger;

/**
 * Tells the ERP (outbox, inside the state change's transaction), the metrics ({@link PaymentSettled}) and the
 * cards feature (CDI event, after that transaction committed: its observer opens a transaction of its own) what
 * a state change means.
 */
@ApplicationScoped
class PaymentEvents {
    private static final Logger LOG = Logger.getLogger(PaymentEvents.class);

    private static final Set<PaymentState> OUTCOMES = EnumSet.of(PaymentState.COMPLETED, PaymentState.FAILED,
            PaymentState.REVIEW, PaymentState.CANCELLED);

    private final EventOutbox outbox;
    private final Event<CardObserved> cardObserved;
    private final Event<PaymentSettled> settled;

    PaymentEvents(EventOutbox outbox, Event<CardObserved> cardObserved, Event<PaymentSettled> settled) {
        this.outbox = outbox;
        this.cardObserved = cardObserved;
        this.settled = settled;
    }

    /**
     * Every state change passes here. Reaching an outcome is announced once: a refused cancel that returns a
     * payment to COMPLETED is not a second completion. The duration runs from the start of the attempt.
     */
    void stateChanged(String merchant, PaymentState from, PaymentState to, Instant attemptStartedAt, Instant at) {
        if (OUTCOMES.contains(to) && (to != PaymentState.COMPLETED || from.inFlight())) {
            settled.fire(new PaymentSettled(merchant, to, from.inFlight() ? Duration.between(attemptStartedAt, at) : null));
        }
    }

    void publish(String merchant, String type, CashPaymentDocument document) {
        outbox.publish(merchant, type, document);
    }

    /**
     * Hands the balances secuconnect just reported to the cards feature. An observer's failure must not undo
     * a booked payment, so it is logged and swallowed (the card sync job corrects the snapshot later).
     */
    void cardObserved(String merchant, MerchantCard card, Instant now) { // now == null: the observer's clock
        try {
            cardObserved.fire(new CardObserved(merchant, card, now));
        } catch (RuntimeException e) {
            LOG.warnf("Card observer failed for merchant %s, card %s: %s", merchant, card.id(), e.getClass().getSimpleName());
        }
    }
}
