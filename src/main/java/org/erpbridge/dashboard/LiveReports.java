package org.erpbridge.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.reconciliation.ListingTooLongException;
import org.erpbridge.reconciliation.ReconciliationReport;
import org.erpbridge.reconciliation.ReconciliationService;
import org.erpbridge.reconciliation.ReportPeriod;
import org.erpbridge.secuconnect.SecuconnectException;

import org.jboss.logging.Logger;

/**
 * Today's reconciliation for the dashboard, per merchant: listed live at secuconnect at most once per
 * {@code bridge.dashboard.live-ttl} whatever the number of viewers (they share one listing, waiting on it rather than
 * on a lock), and never more than {@code bridge.dashboard.live-max-pages} pages; beyond that, or when secuconnect
 * cannot be asked, what the bridge recorded. One entry per merchant: memory stays bounded.
 */
@ApplicationScoped
class LiveReports {
    private static final Logger LOG = Logger.getLogger(LiveReports.class);

    /** The report and whether it was asked of secuconnect; {@code notice} says why not. */
    record Live(ReconciliationReport report, boolean live, String notice) {}

    private record Entry(ReportPeriod period, Instant listedAt, CompletableFuture<Live> value) {}

    private final ReconciliationService reconciliation;
    private final Clock clock;
    private final Duration ttl;
    private final int maxPages;
    private final Map<String, Entry> byMerchant = new ConcurrentHashMap<>();

    LiveReports(ReconciliationService reconciliation, Clock clock, BridgeConfig config) {
        this.reconciliation = reconciliation;
        this.clock = clock;
        this.ttl = config.dashboard().liveTtl();
        this.maxPages = config.dashboard().liveMaxPages();
        if (maxPages < 1) {
            throw new IllegalStateException("bridge.dashboard.live-max-pages must be at least 1, was " + maxPages);
        }
    }

    Live today(Merchant merchant, ReportPeriod period) {
        Instant now = clock.instant();
        boolean[] mine = {false};
        Entry entry = byMerchant.compute(merchant.key(), (key, current) -> {
            if (current != null
                    && current.period().equals(period)
                    && (!current.value().isDone()
                            || now.isBefore(current.listedAt().plus(ttl)))) {
                return current; // fresh, or being listed right now by another viewer
            }
            mine[0] = true;
            return new Entry(period, now, new CompletableFuture<>());
        });
        if (mine[0]) {
            try {
                entry.value().complete(list(merchant, period));
            } catch (RuntimeException e) {
                entry.value().completeExceptionally(e);
                byMerchant.remove(merchant.key(), entry);
            }
        }
        try {
            return entry.value().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private Live list(Merchant merchant, ReportPeriod period) {
        try {
            return new Live(reconciliation.report(merchant, period, maxPages), true, null);
        } catch (SecuconnectException e) {
            LOG.warnf(
                    "Dashboard of merchant %s: secuconnect could not be asked (%s); showing the recorded state",
                    merchant.key(), e.getMessage());
            return new Live(
                    reconciliation.recorded(merchant, period),
                    false,
                    "secuconnect could not be asked just now:"
                            + " the page shows what secuconnect answered when each payment was booked. Orphaned Smart"
                            + " Transactions cannot be found until secuconnect answers again.");
        } catch (ListingTooLongException e) {
            LOG.infof(
                    "Dashboard of merchant %s: more than %d pages at secuconnect today; showing the recorded state",
                    merchant.key(), e.maxPages());
            return new Live(
                    reconciliation.recorded(merchant, period),
                    false,
                    "Today has more Smart Transactions at"
                            + " secuconnect than the dashboard lists live (" + e.maxPages()
                            + " pages): the page shows what"
                            + " secuconnect answered when each payment was booked; the daily reconciliation covers the whole day.");
        }
    }
}
