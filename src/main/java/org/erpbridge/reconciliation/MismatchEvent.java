package org.erpbridge.reconciliation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code data} of a {@code reconciliation.mismatch} event: one new (or changed) difference of a reconciled day.
 * {@code differenceKey} + {@code fingerprint} identify what was found; the ERP may deduplicate on them as well as
 * on the event id.
 */
@RegisterForReflection
@JsonPropertyOrder({ "date", "differenceKey", "fingerprint", "orderId", "reconciliation", "differences", "reason",
        "currency", "erpTotal", "secuconnectTotal", "smartTransactionId", "secuconnectStatus", "loyaltyTransactionId",
        "transId" })
public record MismatchEvent(String date, String differenceKey, String fingerprint, String orderId, String reconciliation,
        List<String> differences, String reason, String currency, Long erpTotal, Long secuconnectTotal,
        String smartTransactionId, String secuconnectStatus, String loyaltyTransactionId, String transId) {
}
