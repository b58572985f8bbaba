package org.erpbridge.checkout;

import org.erpbridge.secuconnect.SecuconnectRejectedException;

/** secuconnect's reasons for refusing a call (texts already masked by the client). */
record Refusal(String code, String error, String details, String userMessage, String supportId) {

    static Refusal of(SecuconnectRejectedException e) {
        return new Refusal(e.code(), e.error(), e.errorDetails(), e.errorUser(), e.supportId());
    }

    static final Refusal NONE = new Refusal(null, null, null, null, null);
}
