package org.erpbridge.reconciliation;

import java.util.List;
import java.util.Optional;

import org.erpbridge.checkout.PaymentLedgerView.RecordedPayment;
import org.erpbridge.secuconnect.model.BasketInfo;
import org.erpbridge.secuconnect.model.ObjectRef;
import org.erpbridge.secuconnect.model.SmartTransaction;

/**
 * What the bridge recorded for one ERP order is checkout's {@link RecordedPayment} (read through
 * {@code PaymentLedgerView}); reconciliation compares it with secuconnect's listing as the Smart Transaction it
 * describes.
 */
final class LocalPayment {
    private LocalPayment() {}

    /** The Smart Transaction as secuconnect last described it to the bridge (at booking or cancellation), if any. */
    static Optional<SmartTransaction> asRecorded(RecordedPayment p) {
        if (p.smartTransactionId() == null) {
            return Optional.empty();
        }
        List<ObjectRef> transactions = p.loyaltyTransactionId() == null
                ? List.of()
                : List.of(new ObjectRef(SmartTransaction.LOYALTY_TRANSACTION, p.loyaltyTransactionId()));
        BasketInfo info = p.bookedSum() == null && p.bookedCurrency() == null
                ? null
                : new BasketInfo(p.bookedSum(), null, p.bookedCurrency(), null);
        return Optional.of(new SmartTransaction(
                "smart.transactions",
                p.smartTransactionId(),
                p.stxStatus(),
                null,
                null,
                null,
                p.orderId(),
                null,
                info,
                null,
                transactions,
                null,
                null,
                p.transId(),
                null));
    }
}
