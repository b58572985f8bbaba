package org.erpbridge.dashboard;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Everything the dashboard template shows, already formatted (times in the merchant's zone, amounts as decimals).
 * Records are read by Qute's reflection resolver, hence registered for reflection.
 */
@RegisterForReflection
record DashboardPage(
        String merchant,
        String date,
        String timeZone,
        String generatedAt,
        String viewer,
        String currency,
        boolean live,
        String notice,
        Amount erpTotal,
        Amount secuconnectTotal,
        Amount difference,
        Counts counts,
        List<PaymentRow> payments,
        List<DifferenceRow> mismatches,
        List<DifferenceRow> openDifferences,
        List<RunRow> runs,
        CardSync cardSync,
        Outbox outbox,
        HourlyChart.Chart chart,
        int refreshSeconds) {

    /** An amount in minor units and as text, e.g. {@code 796} and {@code 7.96 EUR}. */
    @RegisterForReflection
    record Amount(long minor, String text) {}

    @RegisterForReflection
    record Counts(
            int matched,
            int mismatched,
            int pending,
            int failed,
            int cancelled,
            int orphaned,
            int statusDisagreement) {}

    /** A row of today's table; {@code erp} is null for a Smart Transaction without an order. */
    @RegisterForReflection
    record PaymentRow(
            String time,
            String orderId,
            Amount erp,
            Amount secuconnect,
            String status,
            String secuconnectStatus,
            String reconciliation,
            String reason,
            String smartTransactionId) {}

    @RegisterForReflection
    record DifferenceRow(
            String key,
            String date,
            String orderId,
            String smartTransactionId,
            String reconciliation,
            String kinds,
            String reason) {}

    @RegisterForReflection
    record RunRow(
            String date,
            String state,
            String trigger,
            int runs,
            Amount erp,
            Amount secuconnect,
            Amount difference,
            int matched,
            int mismatched,
            int orphaned,
            String lastRunAt,
            String error) {}

    /** The merchant's latest card sync; {@code any} false when none has run yet. */
    @RegisterForReflection
    record CardSync(
            boolean any,
            String state,
            String trigger,
            String startedAt,
            String finishedAt,
            int pages,
            long cardsSeen,
            long cardsChanged,
            Long totalCards,
            int progressPercent,
            String error) {}

    @RegisterForReflection
    record Outbox(long pending, long dead, String oldestPendingAt) {}
}
