package org.erpbridge.checkout;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What other features may read of checkout's records (reconciliation compares them with secuconnect), so checkout
 * keeps its entities to itself. Read-only; every query is scoped to one merchant.
 */
public interface PaymentLedgerView {

    /** The merchant's payments whose {@code paidAt} (the ERP's time of sale) lies in [start, end), by paidAt. */
    List<RecordedPayment> paidIn(String merchant, Instant start, Instant end);

    /**
     * The ERP orders behind Smart Transactions: by the payment's or any attempt's Smart Transaction id, by the
     * merchantRef an attempt sent, and by order id (the transactionRef the bridge sends).
     */
    Owners owners(
            String merchant,
            Collection<String> smartTransactionIds,
            Collection<String> merchantRefs,
            Collection<String> orderIds);

    /** One payment as recorded, with the merchantRefs of all its attempts. */
    record RecordedPayment(
            String orderId,
            PaymentState state,
            long total,
            String currency,
            String smartTransactionId,
            String stxStatus,
            String loyaltyTransactionId,
            String transId,
            Long bookedSum,
            String bookedCurrency,
            boolean withCard,
            String lastProblem,
            Instant paidAt,
            Instant completedAt,
            Set<String> attemptRefs) {}

    /** An order and the Smart Transaction its payment currently holds. */
    record Owner(String orderId, String currentSmartTransactionId) {}

    record Owners(
            Map<String, Owner> bySmartTransactionId, Map<String, Owner> byMerchantRef, Map<String, Owner> byOrderId) {}
}
