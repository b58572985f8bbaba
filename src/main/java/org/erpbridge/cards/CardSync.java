package org.erpbridge.cards;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.erpbridge.common.DaemonThreads;
import org.erpbridge.common.LogContext;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;
import org.erpbridge.secuconnect.Background;
import org.erpbridge.secuconnect.CardNumbers;
import org.erpbridge.secuconnect.Secuconnect;
import org.erpbridge.secuconnect.SecuconnectAuthenticationException;
import org.erpbridge.secuconnect.SecuconnectException;
import org.erpbridge.secuconnect.SecuconnectRejectedException;
import org.erpbridge.secuconnect.model.ListQuery;
import org.erpbridge.secuconnect.model.MerchantCard;
import org.erpbridge.secuconnect.model.Page;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import org.jboss.logging.Logger;

/**
 * Syncs a merchant's card balances from secuconnect: pages through {@code GET /Loyalty/MerchantCards} (stable sort,
 * projected fields) and commits page by page, recording its progress in the run row, so memory stays bounded and
 * a run killed between pages is resumed where it stopped by whichever replica takes over its lease. When every
 * page is in, cards the run did not see are marked missing.
 */
@ApplicationScoped
public class CardSync {
    /** The merchant card fields the sync needs (secuconnect's {@code fields} projection). */
    static final String FIELDS =
            "id,card.cardnumber,balance,cash_balance,bonus_balance,points,lock_status,stock_status,"
                    + "last_usage,last_charge,expiry_date";
    /** A stable order, so offsets address the same cards page after page. */
    static final String SORT = "id:asc";

    private static final Logger LOG = Logger.getLogger(CardSync.class);
    private static final int MISSING_CHUNK = 500;

    /** The answer to a manual start: the run that now runs, and whether it was already running before. */
    public record Started(SyncRunView run, boolean alreadyRunning) {}

    private final Merchants merchants;
    private final Secuconnect secuconnect;
    private final CardSyncRuns runs;
    private final CardBalances balances;
    private final PlannerStatistics statistics;
    private final Event<CardSyncPageCommitted> pageCommitted;
    private final MeterRegistry registry;
    private final Clock clock;
    private final int pageRetries;
    private final Duration pageRetryDelay;
    private final String node;
    private final ExecutorService background;
    /** Reads the next page while the current one is stored. */
    private final ExecutorService prefetch = Executors.newCachedThreadPool(DaemonThreads.named("card-sync-prefetch"));

    CardSync(
            Merchants merchants,
            @Background Secuconnect secuconnect,
            CardSyncRuns runs,
            CardBalances balances,
            PlannerStatistics statistics,
            Event<CardSyncPageCommitted> pageCommitted,
            MeterRegistry registry,
            Clock clock,
            BridgeConfig config) {
        this.merchants = merchants;
        this.secuconnect = secuconnect;
        this.runs = runs;
        this.balances = balances;
        this.statistics = statistics;
        this.pageCommitted = pageCommitted;
        this.registry = registry;
        this.clock = clock;
        this.pageRetries = Math.max(0, config.cardSync().pageRetries());
        this.pageRetryDelay = config.cardSync().pageRetryDelay();
        this.node = nodeName();
        this.background = Executors.newFixedThreadPool(2, DaemonThreads.named("card-sync"));
    }

    /** This replica's name in run rows: pod name (HOSTNAME), process id and a random suffix. */
    private static String nodeName() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME"))
                .filter(h -> !h.isBlank())
                .orElse("node");
        String name = host + ":" + ManagementFactory.getRuntimeMXBean().getPid() + ":"
                + UUID.randomUUID().toString().substring(0, 8);
        return name.length() <= 100 ? name : name.substring(name.length() - 100);
    }

    /**
     * Runs the merchant's sync in the calling thread (the scheduler's), continuing a run whose owner died; does
     * nothing while another run of the merchant is alive. Returns the run id, empty when skipped.
     */
    public Optional<Long> runScheduled(String merchant, Instant fireTime) {
        CardSyncRuns.Claim claim = runs.claim(merchants.get(merchant).key(), CardSyncRun.SCHEDULE, fireTime, node);
        if (claim instanceof CardSyncRuns.Busy busy) {
            LOG.infof(
                    "Card sync of merchant %s scheduled for %s skipped: run %d is still in progress",
                    merchant, fireTime, busy.runId());
            return Optional.empty();
        }
        CardSyncRuns.Owned owned = (CardSyncRuns.Owned) claim;
        execute(owned);
        return Optional.of(owned.runId());
    }

    /** Starts a sync now and continues it in the background; a run already in progress is returned instead. */
    public Started startManual(String merchant) {
        String key = merchants.get(merchant).key();
        CardSyncRuns.Claim claim = runs.claim(key, CardSyncRun.MANUAL, null, node);
        if (claim instanceof CardSyncRuns.Busy busy) {
            return new Started(runs.find(key, busy.runId()).orElseThrow(), true);
        }
        CardSyncRuns.Owned owned = (CardSyncRuns.Owned) claim;
        try {
            background.execute(() -> execute(owned));
        } catch (RejectedExecutionException e) {
            runs.fail(owned, node, "the bridge is shutting down");
        }
        return new Started(runs.find(key, owned.runId()).orElseThrow(), false);
    }

    public Optional<SyncRunView> run(String merchant, long runId) {
        return runs.find(merchant, runId);
    }

    /** The merchant's newest runs, newest first (for the API and health checks). */
    public List<SyncRunView> recentRuns(String merchant, int limit) {
        return runs.latest(merchant, limit);
    }

    void execute(CardSyncRuns.Owned claim) {
        // the run's lines carry the merchant and one id, whichever thread (scheduler, background) runs it
        try (LogContext.Scope ignored = LogContext.scope()) {
            LogContext.put(LogContext.CORRELATION_ID, LogContext.newCorrelationId());
            LogContext.put(LogContext.MERCHANT, claim.merchant());
            sync(claim);
        }
    }

    private void sync(CardSyncRuns.Owned claim) {
        String merchant = claim.merchant();
        long started = System.nanoTime();
        LOG.infof(
                "Card sync run %d of merchant %s %s at offset %d on %s",
                claim.runId(), merchant, claim.takenOver() ? "resumed" : "started", claim.nextOffset(), node);
        try {
            pageThrough(claim);
            markMissingAndComplete(claim);
            SyncRunView done = runs.find(merchant, claim.runId()).orElseThrow();
            count(merchant, "completed", started);
            registry.counter("card.sync.cards.seen", "merchant", merchant).increment(done.cardsSeen());
            registry.counter("card.sync.cards.changed", "merchant", merchant).increment(done.cardsChanged());
            LOG.infof(
                    "Card sync run %d of merchant %s completed in %d ms: %d pages, %d cards seen, %d changed, %d missing",
                    claim.runId(),
                    merchant,
                    Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    done.pages(),
                    done.cardsSeen(),
                    done.cardsChanged(),
                    done.cardsMissing());
        } catch (CardSyncRuns.LeaseLost e) {
            count(merchant, "lease-lost", started);
            LOG.warnf(
                    "Card sync run %d of merchant %s stopped on %s: another replica took it over",
                    claim.runId(), merchant, node);
        } catch (Interrupted e) {
            runs.release(claim, node);
            count(merchant, "interrupted", started);
            LOG.infof(
                    "Card sync run %d of merchant %s interrupted (shutdown); another replica may resume it",
                    claim.runId(), merchant);
        } catch (RuntimeException e) {
            String reason = describe(e);
            runs.fail(claim, node, reason);
            count(merchant, "failed", started);
            LOG.warnf("Card sync run %d of merchant %s failed: %s", claim.runId(), merchant, reason);
        }
    }

    private void pageThrough(CardSyncRuns.Owned claim) {
        Merchant merchant = merchants.get(claim.merchant());
        int pageSize = merchant.cardSync().pageSize();
        ListQuery query = new ListQuery(null, null, FIELDS, null, SORT);
        int offset = claim.nextOffset();
        String previousFirstId = null;
        int pages = claim.pages();
        Future<Fetched> ahead = null;
        try {
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new Interrupted();
                }
                long fetchStarted = System.nanoTime();
                Fetched fetched = ahead != null ? await(ahead) : fetch(claim, query.page(pageSize, offset));
                ahead = null;
                long fetchNanos = System.nanoTime() - fetchStarted;
                List<MerchantCard> cards = fetched.page().items();
                String firstId = cards.isEmpty() ? null : cards.get(0).id();
                if (firstId != null && firstId.equals(previousFirstId)) {
                    throw new IllegalStateException("secuconnect answered offset " + offset
                            + " with the same cards as the previous page: it does not honour offset paging");
                }
                previousFirstId = firstId;
                int nextOffset = offset + cards.size();
                Long total = fetched.page().count();
                // a short page ends the run, unless secuconnect said there are more (it may cap the page size)
                boolean more = !cards.isEmpty() && (cards.size() >= pageSize || (total != null && nextOffset < total));
                if (more) {
                    // progress is still recorded only by the commit below, so a crash resumes at this page at worst
                    ListQuery next = query.page(pageSize, nextOffset);
                    ahead = prefetch.submit(LogContext.carrying(() -> fetch(claim, next)));
                }
                long commitStarted = System.nanoTime();
                CardBalances.Applied applied = commitPage(claim, fetched, nextOffset);
                pages++;
                LOG.debugf(
                        "Card sync run %d of merchant %s: page %d (offset %d, %d cards, %d changed) read in %d ms, "
                                + "stored in %d ms",
                        claim.runId(),
                        claim.merchant(),
                        pages,
                        offset,
                        cards.size(),
                        applied.changed(),
                        fetchNanos / 1_000_000,
                        (System.nanoTime() - commitStarted) / 1_000_000);
                pageCommitted.fire(new CardSyncPageCommitted(
                        claim.merchant(), claim.runId(), pages, nextOffset, cards.size(), applied.changed()));
                offset = nextOffset;
                if (!more) {
                    return;
                }
            }
        } finally {
            if (ahead != null) {
                ahead.cancel(true); // the run stopped with a page still being read: nobody will store it
            }
        }
    }

    /** The prefetched page, or the failure reading it, as if it had been read in this thread. */
    private static Fetched await(Future<Fetched> ahead) {
        try {
            return ahead.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private record Fetched(Page<MerchantCard> page, Instant observedAt) {}

    /** Reads one page; after the client's own retries, tries again a few times with growing pauses. */
    private Fetched fetch(CardSyncRuns.Owned claim, ListQuery query) {
        SecuconnectException first = null;
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                // a slow secuconnect must not cost us the run (the page commits renew the lease otherwise)
                runs.renew(claim, node);
            }
            Instant observedAt = clock.instant();
            try {
                return new Fetched(secuconnect.listMerchantCards(claim.merchant(), query), observedAt);
            } catch (SecuconnectRejectedException | SecuconnectAuthenticationException e) {
                throw new PageFailed(query.offset(), attempt + 1, e, null); // asking again cannot help
            } catch (SecuconnectException e) {
                first = first == null ? e : first;
                if (attempt >= pageRetries) {
                    throw new PageFailed(query.offset(), attempt + 1, e, first);
                }
                Duration pause = pageRetryDelay.multipliedBy(1L << Math.min(attempt, 10));
                LOG.infof(
                        "Card sync run %d of merchant %s: page at offset %d failed (%s); attempt %d of %d in %d ms",
                        claim.runId(),
                        claim.merchant(),
                        query.offset(),
                        e.getMessage(),
                        attempt + 2,
                        pageRetries + 1,
                        pause.toMillis());
                sleep(pause);
            }
        }
    }

    /** A page that could not be read; names the first failure too (later ones may only be an open breaker). */
    private static final class PageFailed extends RuntimeException {
        PageFailed(int offset, int attempts, SecuconnectException last, SecuconnectException first) {
            super(
                    "page at offset " + offset + " failed after " + attempts
                            + (attempts == 1 ? " attempt: " : " attempts: ") + last.getMessage()
                            + (first == null || first == last ? "" : " (first failure: " + first.getMessage() + ")"),
                    last);
        }
    }

    /** Applies one page and records the run's progress in one transaction: both commit or neither does. */
    private CardBalances.Applied commitPage(CardSyncRuns.Owned claim, Fetched fetched, int nextOffset) {
        try {
            return commitPageOnce(claim, fetched, nextOffset);
        } catch (CardSyncRuns.LeaseLost e) {
            throw e;
        } catch (RuntimeException e) {
            // e.g. a payment stored one of this page's new cards at the same moment: a second attempt sees it
            LOG.infof(
                    "Card sync run %d of merchant %s: storing the page at offset %d failed (%s); trying once more",
                    claim.runId(),
                    claim.merchant(),
                    nextOffset - fetched.page().items().size(),
                    e.getClass().getSimpleName());
            return commitPageOnce(claim, fetched, nextOffset);
        }
    }

    private CardBalances.Applied commitPageOnce(CardSyncRuns.Owned claim, Fetched fetched, int nextOffset) {
        return QuarkusTransaction.requiringNew().call(() -> {
            CardBalances.Applied applied = balances.apply(
                    claim.merchant(),
                    fetched.page().items(),
                    fetched.observedAt(),
                    CardBalances.SOURCE_SYNC,
                    claim.runId());
            statistics.inserted(applied.created());
            // last, so the run row is locked only for the commit; a run taken over meanwhile rolls the page back
            runs.recordPage(
                    claim,
                    node,
                    nextOffset,
                    applied.seen(),
                    applied.changed(),
                    fetched.page().count());
            return applied;
        });
    }

    /**
     * Flags the cards this run did not list (and nobody reported since it started) as missing, a chunk per
     * transaction, then completes the run.
     */
    private void markMissingAndComplete(CardSyncRuns.Owned claim) {
        while (true) {
            int marked = QuarkusTransaction.requiringNew().call(() -> {
                CardSyncRun run = runs.lockOwned(claim, node);
                int unseen = balances.markMissing(claim.merchant(), claim.runId(), run.startedAt, MISSING_CHUNK);
                run.cardsMissing += unseen;
                if (unseen < MISSING_CHUNK) {
                    runs.complete(run);
                }
                return unseen;
            });
            if (marked < MISSING_CHUNK) {
                return;
            }
        }
    }

    /** The run's thread was interrupted (the application is stopping). */
    private static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted();
        }
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return CardNumbers.maskAll(message);
    }

    /** Counts the run and records how long this replica worked on it (a resumed run: only its own part). */
    private void count(String merchant, String outcome, long startedNanos) {
        registry.counter("card.sync.runs", "merchant", merchant, "outcome", outcome)
                .increment();
        Timer.builder("bridge.card.sync")
                .description("Card sync runs by outcome, time spent on this replica")
                .tag("merchant", merchant)
                .tag("outcome", outcome)
                .register(registry)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    /** Stops background runs at shutdown; each gives its run up so another replica can resume it at once. */
    void onShutdown(@Observes ShutdownEvent event) {
        background.shutdownNow();
        prefetch.shutdownNow();
        try {
            if (!background.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Background card syncs did not stop within 5 s; their leases expire on their own");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
