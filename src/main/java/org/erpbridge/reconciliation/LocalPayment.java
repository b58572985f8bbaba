package org.erpbridge.reconciliation;

import java.time.Instant;
import java.util.Set;

import org.erpbridge.checkout.PaymentState;

/**
 * What the bridge recorded for one ERP order, as reconciliation needs it: its state, the Smart Transaction it
 * believes in (and the status secuconnect last reported for it), and the merchantRefs of all its attempts.
 */
record LocalPayment(String orderId, PaymentState state, long total, String currency, String smartTransactionId,
        String stxStatus, String loyaltyTransactionId, String transId, boolean withCard, String lastProblem,
        Instant paidAt, Instant completedAt, Set<String> attemptRefs) {
}
