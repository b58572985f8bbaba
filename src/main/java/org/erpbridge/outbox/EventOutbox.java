package org.erpbridge.outbox;

import java.util.List;
import java.util.UUID;

/**
 * Transactional outbox of events for the ERP. {@link #publish} must be called inside the transaction that
 * makes the change the event describes, so both commit or neither does. A worker delivers the rows to the
 * merchant's callback URL, signed, retried with exponential backoff, at least once per event id.
 */
public interface EventOutbox {

    /** Event types the bridge sends. */
    String CASH_PAYMENT_COMPLETED = "cash-payment.completed";

    String CASH_PAYMENT_FAILED = "cash-payment.failed";
    String CASH_PAYMENT_CANCELLED = "cash-payment.cancelled";
    /** The bridge could not settle a payment safely: an operator has to look at it (data: the payment, failure.detail says why). */
    String CASH_PAYMENT_REVIEW = "cash-payment.review";

    String CARD_BALANCE_CHANGED = "card.balance-changed";
    String RECONCILIATION_MISMATCH = "reconciliation.mismatch";

    /**
     * Stores an event for the merchant; {@code data} is serialised with Jackson. Returns the event id.
     * Does nothing but return a fresh id when the merchant has no callback URL.
     */
    UUID publish(String merchant, String type, Object data);

    /** {@link #publish} for several events of one type at once, in the order given; their ids in that order. */
    List<UUID> publishAll(String merchant, String type, List<?> data);
}
