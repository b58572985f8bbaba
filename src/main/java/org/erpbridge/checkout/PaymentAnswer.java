package org.erpbridge.checkout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.erpbridge.common.ApiProblem;

/**
 * The HTTP answer a payment's current state calls for: 200 with the document once booked or cancelled, 202
 * while in progress (booking, cancelling, or waiting for review), a 422 problem when it failed. Derived from the stored row only, so a
 * replay gets the same status code and body as the first request.
 */
record PaymentAnswer(int status, CashPaymentDocument document, ApiProblem problem) {

    static PaymentAnswer of(PaymentSnapshot snapshot) {
        CashPayment p = snapshot.payment();
        CashPaymentDocument document = snapshot.document();
        return switch (p.state) {
            case COMPLETED, CANCELLED -> new PaymentAnswer(200, document, null);
            case FAILED -> new PaymentAnswer(422, document, failedProblem(p, document));
            default -> new PaymentAnswer(202, document, null);
        };
    }

    boolean accepted() {
        return status == 202;
    }

    /** 422 problem of a failed payment: secuconnect's {@code code}, {@code error} and {@code supportId}, and the document. */
    static ApiProblem failedProblem(CashPayment p, CashPaymentDocument document) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("orderId", p.orderId);
        extensions.put("paymentStatus", p.state.apiStatus());
        extensions.put("attempt", p.attempt);
        putIfPresent(extensions, "code", p.errorCode);
        putIfPresent(extensions, "error", p.errorName);
        putIfPresent(extensions, "supportId", p.supportId);
        putIfPresent(extensions, "errorUser", p.errorUser);
        extensions.put("payment", document);
        String detail = p.errorName != null || p.errorCode != null
                ? "secuconnect refused cash payment " + p.orderId + " (" + p.errorName + ", code " + p.errorCode + ")"
                        + (p.errorDetails == null ? "" : ": " + p.errorDetails)
                : "Cash payment " + p.orderId + " failed" + (p.lastProblem == null ? "" : ": " + p.lastProblem);
        return new ApiProblem(422, "cash-payment-failed", "The cash payment failed", detail, List.of(), extensions);
    }

    static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
