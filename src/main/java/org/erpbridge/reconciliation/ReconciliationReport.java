package org.erpbridge.reconciliation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The ERP's orders of a period against what secuconnect booked. Amounts in minor units of {@code currency}.
 * {@code totals.erp} sums the orders the ERP expects booked (completed or still being booked; failed and cancelled
 * ones are not expected at secuconnect), {@code totals.secuconnect} the Smart Transactions secuconnect reports as
 * captured (status ok) for those orders plus orphaned and second bookings, {@code difference = erp - secuconnect}.
 */
@RegisterForReflection
@JsonPropertyOrder({"merchant", "from", "to", "timeZone", "currency", "totals", "counts", "items"})
@Schema(name = "ReconciliationReport")
public record ReconciliationReport(
        @Schema(examples = "acme") String merchant,

        @Schema(description = "First day, ISO date in the merchant's time zone", examples = "2026-11-23")
        String from,

        @Schema(description = "Last day (included)", examples = "2026-11-23")
        String to,

        @Schema(description = "The merchant's time zone that delimits the days", examples = "Europe/Berlin")
        String timeZone,

        @Schema(examples = "EUR") String currency,
        Totals totals,
        Counts counts,
        List<Item> items) {

    @RegisterForReflection
    @JsonPropertyOrder({"erp", "secuconnect", "difference"})
    @Schema(name = "ReconciliationTotals")
    public record Totals(
            long erp,
            long secuconnect,
            @Schema(description = "erp - secuconnect") long difference) {}

    /** Items per class; {@code statusDisagreement} counts the mismatched items whose statuses disagree (a subset). */
    @RegisterForReflection
    @JsonPropertyOrder({"matched", "mismatched", "pending", "failed", "cancelled", "orphaned", "statusDisagreement"})
    @Schema(name = "ReconciliationCounts")
    public record Counts(
            int matched,
            int mismatched,
            int pending,
            int failed,
            int cancelled,
            int orphaned,
            int statusDisagreement) {}

    /**
     * One ERP order, or one Smart Transaction no order explains. {@code reconciliation} is matched, mismatched,
     * pending, failed, cancelled or orphaned; {@code differences} names what disagrees (amount, currency, status,
     * missing-at-secuconnect, loyalty-transaction, second-booking).
     */
    @RegisterForReflection
    @JsonPropertyOrder({
        "orderId",
        "erpTotal",
        "secuconnectTotal",
        "status",
        "reconciliation",
        "reason",
        "smartTransactionId",
        "loyaltyTransactionId",
        "transId",
        "completedAt",
        "currency",
        "secuconnectStatus",
        "secuconnectCurrency",
        "differences",
        "paidAt",
        "secuconnectCreated"
    })
    @Schema(name = "ReconciliationItem")
    public record Item(
            @Schema(nullable = true, description = "null for an orphaned Smart Transaction", examples = "SO-10042")
            String orderId,

            @Schema(nullable = true, description = "the ERP order's total; null when orphaned", examples = "796")
            Long erpTotal,

            @Schema(
                    nullable = true,
                    description = "basket sum secuconnect booked; null when it has no Smart Transaction",
                    examples = "796")
            Long secuconnectTotal,

            @Schema(
                    nullable = true,
                    description = "the bridge's payment status: processing, completed, failed, review, "
                            + "cancelling, cancelled; null when orphaned",
                    examples = "completed")
            String status,

            @Schema(examples = "matched") String reconciliation,

            @Schema(nullable = true, description = "why it is not matched")
            String reason,

            @Schema(nullable = true) String smartTransactionId,
            @Schema(nullable = true) String loyaltyTransactionId,
            @Schema(nullable = true) String transId,
            @Schema(nullable = true) String completedAt,
            @Schema(nullable = true) String currency,

            @Schema(nullable = true, description = "the Smart Transaction's status at secuconnect", examples = "ok")
            String secuconnectStatus,

            @Schema(nullable = true) String secuconnectCurrency,
            List<String> differences,
            @Schema(nullable = true) String paidAt,
            @Schema(nullable = true) String secuconnectCreated) {}
}
