package org.erpbridge.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.cards.CardSync;
import org.erpbridge.cards.SyncRunView;

/** The merchant's latest card balance sync and how far it got, from the card sync feature. */
@ApplicationScoped
class CardSyncPanel {
    private final CardSync cardSync;

    CardSyncPanel(CardSync cardSync) {
        this.cardSync = cardSync;
    }

    DashboardPage.CardSync latest(String merchant, Function<Instant, String> time) {
        List<SyncRunView> runs = cardSync.recentRuns(merchant, 1);
        if (runs.isEmpty()) {
            return new DashboardPage.CardSync(false, null, null, null, null, 0, 0, 0, null, 0, null);
        }
        SyncRunView run = runs.get(0);
        return new DashboardPage.CardSync(
                true,
                run.state(),
                run.trigger(),
                time.apply(run.startedAt()),
                time.apply(run.finishedAt()),
                run.pages(),
                run.cardsSeen(),
                run.cardsChanged(),
                run.totalCards(),
                progressPercent(run),
                run.error());
    }

    /** Cards seen of secuconnect's count; a completed run is 100 % (cards may vanish while it runs). */
    static int progressPercent(SyncRunView run) {
        if ("completed".equals(run.state())) {
            return 100;
        }
        Long total = run.totalCards();
        return total == null || total <= 0 ? 0 : (int) Math.min(100, run.cardsSeen() * 100 / total);
    }
}
