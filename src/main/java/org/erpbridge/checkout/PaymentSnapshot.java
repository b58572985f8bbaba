package org.erpbridge.checkout;

import java.util.List;

/** A payment as committed, with its attempts when they were asked for (GET); the receipt travels in the payment. */
record PaymentSnapshot(CashPayment payment, List<CashPaymentDocument.Attempt> attempts) {
    static PaymentSnapshot of(CashPayment payment) {
        return new PaymentSnapshot(payment, null);
    }

    CashPaymentDocument document() {
        CashPaymentDocument document = PaymentDocuments.of(payment);
        return attempts == null ? document : document.withAttempts(attempts);
    }

    PaymentState state() {
        return payment.state;
    }
}
