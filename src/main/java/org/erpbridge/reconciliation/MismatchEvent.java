package org.erpbridge.reconciliation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code data} of a {@code reconciliation.mismatch} event: one new (or changed) difference of a reconciled day.
 * {@code differenceKey} + {@code fingerprint} identify what was found; the ERP may deduplicate on them as well as
 * on the event id.
 */
@RegisterForReflection
@JsonPropertyOrder({
    "date",
    "differenceKey",
    "fingerprint",
    "orderId",
    "reconciliation",
    "differences",
    "reason",
    "currency",
    "erpTotal",
    "secuconnectTotal",
    "smartTransactionId",
    "secuconnectStatus",
    "loyaltyTransactionId",
    "transId"
})
@Schema(name = "ReconciliationMismatch")
public record MismatchEvent(
        @Schema(examples = "2026-11-23") String date,
        String differenceKey,
        String fingerprint,
        @Schema(nullable = true) String orderId,
        @Schema(examples = "mismatched") String reconciliation,
        List<String> differences,
        @Schema(nullable = true) String reason,
        @Schema(nullable = true) String currency,
        @Schema(nullable = true) Long erpTotal,
        @Schema(nullable = true) Long secuconnectTotal,
        @Schema(nullable = true) String smartTransactionId,
        @Schema(nullable = true) String secuconnectStatus,
        @Schema(nullable = true) String loyaltyTransactionId,
        @Schema(nullable = true) String transId) {}
