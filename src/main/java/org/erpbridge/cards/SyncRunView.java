package org.erpbridge.cards;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The status resource of one card sync run, {@code GET /api/v1/merchants/{merchant}/card-sync/{id}}.
 * {@code state} is {@code running}, {@code completed} or {@code failed}; {@code totalCards} is secuconnect's count
 * of the merchant's cards as last reported.
 */
@RegisterForReflection
@Schema(name = "CardSyncRun")
public record SyncRunView(
        long id,
        @Schema(examples = "acme") String merchant,

        @Schema(description = "schedule or manual", examples = "manual")
        String trigger,

        @Schema(description = "running, completed or failed", examples = "completed")
        String state,

        int pages,
        long cardsSeen,
        long cardsChanged,
        long cardsMissing,

        @Schema(nullable = true, description = "secuconnect's count of the merchant's cards")
        Long totalCards,

        @Schema(nullable = true) Instant scheduledFor,
        Instant startedAt,
        Instant heartbeatAt,
        @Schema(nullable = true) Instant finishedAt,

        @Schema(nullable = true, description = "Why the run failed")
        String error) {

    static SyncRunView of(CardSyncRun run) {
        return new SyncRunView(
                run.id,
                run.merchant,
                run.triggerKind,
                run.state,
                run.pages,
                run.cardsSeen,
                run.cardsChanged,
                run.cardsMissing,
                run.totalReported,
                run.scheduledFor,
                run.startedAt,
                run.heartbeatAt,
                run.finishedAt,
                run.error);
    }
}
