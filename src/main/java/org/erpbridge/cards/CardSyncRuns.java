package org.erpbridge.cards;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.erpbridge.common.Jdbc;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.secuconnect.CardNumbers;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * The bookkeeping of sync runs, each step in its own short transaction (never held open across a secuconnect
 * call). At most one run per merchant is {@code running} (a unique constraint, so this holds across replicas);
 * its owner keeps it by renewing a lease, and a run whose lease has expired is taken over where it stopped.
 */
@ApplicationScoped
class CardSyncRuns {
    private static final Logger LOG = Logger.getLogger(CardSyncRuns.class);
    private static final int MAX_ERROR = 500;

    /** The outcome of asking to run a sync. */
    sealed interface Claim {}

    /** This caller owns the run and continues from {@code nextOffset} after {@code pages} pages (0 for a new run). */
    record Owned(long runId, String merchant, int nextOffset, int pages, boolean takenOver) implements Claim {}

    /** Another live run of the merchant is in progress. */
    record Busy(long runId) implements Claim {}

    /** The run is no longer ours (its lease expired and someone else took it over, or it was finished). */
    static final class LeaseLost extends RuntimeException {
        LeaseLost(long runId) {
            super("lost the lease of card sync run " + runId);
        }
    }

    private final EntityManager em;
    private final Clock clock;
    private final Duration lease;

    CardSyncRuns(EntityManager em, Clock clock, BridgeConfig config) {
        this.em = em;
        this.clock = clock;
        this.lease = config.cardSync().lease();
    }

    /**
     * Starts a run for {@code owner}: takes over the merchant's running run when its lease has expired (keeping its
     * progress), answers {@link Busy} while it is alive, otherwise starts a new run.
     */
    Claim claim(String merchant, String trigger, Instant scheduledFor, String owner) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> claimInTx(merchant, trigger, scheduledFor, owner));
        } catch (RuntimeException e) {
            // another replica inserted its running row first (unique running_merchant): it is the running one now
            return QuarkusTransaction.requiringNew().call(() -> claimInTx(merchant, trigger, scheduledFor, owner));
        }
    }

    private Claim claimInTx(String merchant, String trigger, Instant scheduledFor, String owner) {
        Instant now = Timestamps.micros(clock.instant());
        Optional<CardSyncRun> running = CardSyncRun.<CardSyncRun>find("runningMerchant", merchant)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
        if (running.isPresent()) {
            CardSyncRun run = running.get();
            if (run.leaseUntil != null && run.leaseUntil.isAfter(now)) {
                return new Busy(run.id);
            }
            LOG.warnf(
                    "Card sync run %d of merchant %s was left by %s (lease expired %s); %s resumes it at offset %d",
                    run.id, merchant, run.owner, run.leaseUntil, owner, run.nextOffset);
            run.owner = owner;
            run.takeovers++;
            run.heartbeatAt = now;
            run.leaseUntil = now.plus(lease);
            return new Owned(run.id, merchant, run.nextOffset, run.pages, true);
        }
        CardSyncRun run = new CardSyncRun();
        run.merchant = merchant;
        run.triggerKind = trigger;
        run.state = CardSyncRun.RUNNING;
        run.runningMerchant = merchant;
        run.scheduledFor = Timestamps.micros(scheduledFor);
        run.owner = owner;
        run.startedAt = now;
        run.heartbeatAt = now;
        run.leaseUntil = now.plus(lease);
        run.persist();
        em.flush(); // surface a concurrent insert here, inside the retry of claim()
        return new Owned(run.id, merchant, 0, 0, false);
    }

    /** Renews the lease; throws {@link LeaseLost} when the run is no longer this owner's. */
    void renew(Owned claim, String owner) {
        QuarkusTransaction.requiringNew().run(() -> lockOwned(claim, owner));
    }

    /**
     * Locks the run row for the rest of the caller's transaction and renews the lease; throws {@link LeaseLost} when
     * the run is no longer this owner's. Serialises page commits with a takeover by another replica.
     */
    CardSyncRun lockOwned(Owned claim, String owner) {
        CardSyncRun run = em.find(CardSyncRun.class, claim.runId(), LockModeType.PESSIMISTIC_WRITE);
        if (run == null || !run.isRunning() || !owner.equals(run.owner)) {
            throw new LeaseLost(claim.runId());
        }
        Instant now = Timestamps.micros(clock.instant());
        run.heartbeatAt = now;
        run.leaseUntil = now.plus(lease);
        return run;
    }

    /**
     * Records a stored page in the caller's transaction with one statement: the run's progress, and its lease
     * renewed. Throws {@link LeaseLost} when the run is no longer this owner's, which rolls the page back; the row
     * stays locked until the caller commits, so a replica taking the run over waits for that.
     */
    void recordPage(Owned claim, String owner, int nextOffset, int seen, int changed, Long totalReported) {
        Instant now = Timestamps.micros(clock.instant());
        int updated = em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("update card_sync_run set next_offset = ?, "
                    + "pages = pages + 1, cards_seen = cards_seen + ?, cards_changed = cards_changed + ?, "
                    + "total_reported = coalesce(?, total_reported), heartbeat_at = ?, lease_until = ? "
                    + "where id = ? and merchant = ? and state = ? and owner = ?")) {
                int i = 0;
                ps.setInt(++i, nextOffset);
                ps.setLong(++i, seen);
                ps.setLong(++i, changed);
                Jdbc.number(ps, ++i, totalReported);
                Jdbc.instant(ps, ++i, now);
                Jdbc.instant(ps, ++i, now.plus(lease));
                ps.setLong(++i, claim.runId());
                ps.setString(++i, claim.merchant());
                ps.setString(++i, CardSyncRun.RUNNING);
                ps.setString(++i, owner);
                return ps.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new LeaseLost(claim.runId());
        }
    }

    /** Marks the run completed (caller's transaction, after {@link #lockOwned}). */
    void complete(CardSyncRun run) {
        run.state = CardSyncRun.COMPLETED;
        finish(run);
    }

    /** Marks the run failed, if it is still this owner's. */
    void fail(Owned claim, String owner, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            CardSyncRun run = em.find(CardSyncRun.class, claim.runId(), LockModeType.PESSIMISTIC_WRITE);
            if (run != null && run.isRunning() && owner.equals(run.owner)) {
                run.state = CardSyncRun.FAILED;
                run.error = shorten(error);
                finish(run);
            }
        });
    }

    /** Gives the run up without finishing it (shutdown): another replica may take it over at once. */
    void release(Owned claim, String owner) {
        QuarkusTransaction.requiringNew().run(() -> {
            CardSyncRun run = em.find(CardSyncRun.class, claim.runId(), LockModeType.PESSIMISTIC_WRITE);
            if (run != null && run.isRunning() && owner.equals(run.owner)) {
                run.leaseUntil = Timestamps.micros(clock.instant());
            }
        });
    }

    private void finish(CardSyncRun run) {
        Instant now = Timestamps.micros(clock.instant());
        run.runningMerchant = null;
        run.leaseUntil = null;
        run.heartbeatAt = now;
        run.finishedAt = now;
    }

    Optional<SyncRunView> find(String merchant, long runId) {
        return QuarkusTransaction.joiningExisting()
                .call(() -> CardSyncRun.<CardSyncRun>find("merchant = ?1 and id = ?2", merchant, runId)
                        .firstResultOptional()
                        .map(SyncRunView::of));
    }

    List<SyncRunView> latest(String merchant, int limit) {
        return QuarkusTransaction.joiningExisting()
                .call(() ->
                        CardSyncRun.<CardSyncRun>find("merchant", Sort.descending("id"), merchant)
                                .page(0, limit)
                                .list()
                                .stream()
                                .map(SyncRunView::of)
                                .toList());
    }

    private static String shorten(String error) {
        String masked = CardNumbers.maskAll(error == null ? "unknown error" : error);
        return masked.length() <= MAX_ERROR ? masked : masked.substring(0, MAX_ERROR - 3) + "...";
    }
}
