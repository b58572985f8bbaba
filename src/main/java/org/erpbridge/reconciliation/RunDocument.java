package org.erpbridge.reconciliation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A stored reconciliation of one day: totals and counts of its latest run, its differences (open and resolved),
 * and, in the answer to a run, how many differences were new (each got one {@code reconciliation.mismatch} event)
 * and the full report.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "merchant",
    "date",
    "timeZone",
    "state",
    "trigger",
    "runs",
    "firstRunAt",
    "lastRunAt",
    "completedAt",
    "error",
    "currency",
    "totals",
    "counts",
    "newDifferences",
    "differences",
    "report"
})
@Schema(name = "ReconciliationRun")
public record RunDocument(
        String merchant,
        String date,
        String timeZone,

        @Schema(description = "completed, or failed when the latest run could not finish")
        String state,

        @Schema(description = "schedule or manual") String trigger,
        int runs,
        String firstRunAt,
        String lastRunAt,
        String completedAt,
        String error,
        String currency,
        ReconciliationReport.Totals totals,
        ReconciliationReport.Counts counts,
        Integer newDifferences,
        List<Difference> differences,
        ReconciliationReport report) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ReconciliationDifference")
    public record Difference(
            String date,
            String key,
            String orderId,
            String smartTransactionId,
            String reconciliation,
            List<String> differences,
            String reason,
            String currency,
            Long erpTotal,
            Long secuconnectTotal,
            String secuconnectStatus,
            String eventId,
            String firstSeenAt,
            String lastSeenAt,
            String resolvedAt) {}

    RunDocument withOutcome(int fresh, ReconciliationReport full) {
        return new RunDocument(
                merchant,
                date,
                timeZone,
                state,
                trigger,
                runs,
                firstRunAt,
                lastRunAt,
                completedAt,
                error,
                currency,
                totals,
                counts,
                fresh,
                differences,
                full);
    }
}
