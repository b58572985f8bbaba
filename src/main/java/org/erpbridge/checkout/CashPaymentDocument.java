package org.erpbridge.checkout;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the ERP learns about a cash payment: the answer to POST, GET and cancel, and the {@code data} of the
 * cash-payment events. Card numbers only ever appear masked. {@code attempts} only in GET.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "orderId",
    "status",
    "smartTransactionId",
    "loyaltyTransactionId",
    "transId",
    "total",
    "currency",
    "receipt",
    "card",
    "reconciliation",
    "reconciliationReason",
    "failure",
    "completedAt",
    "cancelledAt",
    "attempts"
})
@Schema(name = "CashPayment")
public record CashPaymentDocument(
        @Schema(examples = "SO-10042") String orderId,

        @Schema(description = "processing, completed, failed, review, cancelling or cancelled", examples = "completed")
        String status,

        @Schema(examples = "STX_KJXJDUN542NR3WMRHRVU5WWM6ZQEA2")
        String smartTransactionId,

        @Schema(examples = "LTX_YBYPUETZ2HQXURG9XU0M5H4KGWW0NH")
        String loyaltyTransactionId,

        @Schema(description = "secuconnect's TA code", examples = "29187330")
        String transId,

        @Schema(description = "minor units", examples = "796")
        long total,

        @Schema(examples = "EUR") String currency,

        @Schema(description = "Receipt lines in secuconnect's order, to print")
        List<ReceiptLine> receipt,

        Card card,

        @Schema(description = "matched or mismatch once booked; pending while in progress", examples = "matched")
        String reconciliation,

        String reconciliationReason,
        Failure failure,
        String completedAt,
        String cancelledAt,
        List<Attempt> attempts) {

    /** {@code separator} (caption), {@code name-value} (name, value), {@code textline} (text), {@code space}. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "caption", "name", "value", "text", "decoration"})
    @Schema(name = "ReceiptLine")
    public record ReceiptLine(
            @Schema(examples = "textline") String type,
            String caption,
            String name,
            String value,
            String text,

            @Schema(description = "important, align-left, align-center, align-right")
            List<String> decoration) {}

    @RegisterForReflection
    @JsonPropertyOrder({"maskedNumber", "balance", "cashBalance", "bonusBalance", "points"})
    @Schema(name = "CardBalance", description = "The card after this payment; amounts in minor units")
    public record Card(
            @Schema(examples = "************1234") String maskedNumber,

            @Schema(nullable = true, description = "null until secuconnect has answered", examples = "1000")
            Long balance,

            @Schema(nullable = true, examples = "1000") Long cashBalance,
            @Schema(nullable = true, examples = "0") Long bonusBalance,
            @Schema(nullable = true, examples = "0") Long points) {}

    /** Why a payment failed: secuconnect's refusal, or what the bridge found. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "CashPaymentFailure")
    public record Failure(String code, String error, String supportId, String detail) {}

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({
        "attempt",
        "merchantRef",
        "smartTransactionId",
        "status",
        "errorCode",
        "supportId",
        "lastProblem",
        "startedAt",
        "updatedAt",
        "finishedAt"
    })
    @Schema(name = "CashPaymentAttempt")
    public record Attempt(
            int attempt,
            String merchantRef,
            String smartTransactionId,
            String status,
            String errorCode,
            String supportId,
            String lastProblem,
            String startedAt,
            String updatedAt,
            String finishedAt) {}

    public CashPaymentDocument withAttempts(List<Attempt> all) {
        return new CashPaymentDocument(
                orderId,
                status,
                smartTransactionId,
                loyaltyTransactionId,
                transId,
                total,
                currency,
                receipt,
                card,
                reconciliation,
                reconciliationReason,
                failure,
                completedAt,
                cancelledAt,
                all);
    }
}
