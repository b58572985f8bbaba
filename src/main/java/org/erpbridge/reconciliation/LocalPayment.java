package org.erpbridge.reconciliation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.erpbridge.checkout.PaymentState;
import org.erpbridge.secuconnect.model.BasketInfo;
import org.erpbridge.secuconnect.model.ObjectRef;
import org.erpbridge.secuconnect.model.SmartTransaction;

/**
 * What the bridge recorded for one ERP order, as reconciliation needs it: its state, the Smart Transaction it
 * believes in (and the status secuconnect last reported for it), and the merchantRefs of all its attempts.
 */
record LocalPayment(
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
        Set<String> attemptRefs) {

    /** The Smart Transaction as secuconnect last described it to the bridge (at booking or cancellation), if any. */
    Optional<SmartTransaction> asRecorded() {
        if (smartTransactionId == null) {
            return Optional.empty();
        }
        List<ObjectRef> transactions = loyaltyTransactionId == null
                ? List.of()
                : List.of(new ObjectRef(SmartTransaction.LOYALTY_TRANSACTION, loyaltyTransactionId));
        BasketInfo info = bookedSum == null && bookedCurrency == null
                ? null
                : new BasketInfo(bookedSum, null, bookedCurrency, null);
        return Optional.of(new SmartTransaction(
                "smart.transactions",
                smartTransactionId,
                stxStatus,
                null,
                null,
                null,
                orderId,
                null,
                info,
                null,
                transactions,
                null,
                null,
                transId,
                null));
    }
}
