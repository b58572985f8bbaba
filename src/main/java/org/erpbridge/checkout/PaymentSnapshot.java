package org.erpbridge.checkout;

import java.util.List;

/** A payment with its receipt (and attempts when asked for), read in one transaction. */
record PaymentSnapshot(CashPayment payment, List<PaymentReceiptLine> receipt, List<PaymentAttempt> attempts) {

    CashPaymentDocument document() {
        return attempts == null ? PaymentDocuments.of(payment, receipt)
                : PaymentDocuments.withAttempts(payment, receipt, attempts);
    }

    PaymentState state() {
        return payment.state;
    }
}
