package org.erpbridge.cards;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The status resource of one card sync run, {@code GET /api/v1/merchants/{merchant}/card-sync/{id}}.
 * {@code state} is {@code running}, {@code completed} or {@code failed}; {@code totalCards} is secuconnect's count
 * of the merchant's cards as last reported.
 */
@RegisterForReflection
public record SyncRunView(long id, String merchant, String trigger, String state, int pages, long cardsSeen,
        long cardsChanged, long cardsMissing, Long totalCards, Instant scheduledFor, Instant startedAt,
        Instant heartbeatAt, Instant finishedAt, String error) {

    static SyncRunView of(CardSyncRun run) {
        return new SyncRunView(run.id, run.merchant, run.triggerKind, run.state, run.pages, run.cardsSeen,
                run.cardsChanged, run.cardsMissing, run.totalReported, run.scheduledFor, run.startedAt, run.heartbeatAt,
                run.finishedAt, run.error);
    }
}
