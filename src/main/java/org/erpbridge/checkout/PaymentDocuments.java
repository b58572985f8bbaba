package org.erpbridge.checkout;

import java.time.Instant;

/** Builds the ERP's view of a payment from its rows (inside or outside a transaction; no lazy loading). */
final class PaymentDocuments {
    private PaymentDocuments() {}

    static CashPaymentDocument of(CashPayment p) {
        return new CashPaymentDocument(
                p.orderId,
                p.state.apiStatus(),
                p.smartTransactionId,
                p.loyaltyTransactionId,
                p.transId,
                p.total,
                p.currency,
                PaymentCodec.receipt(p.receiptJson),
                card(p),
                reconciliation(p),
                Bookings.MISMATCH.equals(p.reconciliation) ? p.reconciliationReason : null,
                failure(p),
                text(p.completedAt),
                text(p.cancelledAt),
                null);
    }

    private static CashPaymentDocument.Card card(CashPayment p) {
        if (p.cardMasked == null) {
            return null;
        }
        return new CashPaymentDocument.Card(
                p.cardMasked, p.cardBalance, p.cardCashBalance, p.cardBonusBalance, p.cardPoints);
    }

    private static String reconciliation(CashPayment p) {
        if (p.reconciliation != null) {
            return p.reconciliation;
        }
        return p.state == PaymentState.FAILED ? null : "pending";
    }

    private static CashPaymentDocument.Failure failure(CashPayment p) {
        if (p.state != PaymentState.FAILED && p.state != PaymentState.REVIEW) {
            return null;
        }
        return new CashPaymentDocument.Failure(
                p.errorCode, p.errorName, p.supportId, p.errorDetails != null ? p.errorDetails : p.lastProblem);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
