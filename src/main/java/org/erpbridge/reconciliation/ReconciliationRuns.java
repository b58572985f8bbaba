package org.erpbridge.reconciliation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.erpbridge.merchant.Merchant;
import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.reconciliation.ReconciliationReport.Item;

import org.jboss.logging.Logger;

/**
 * Stores the result of reconciling a day and reports each new difference once. A run locks the day's row, so runs
 * of the same day on several replicas take turns; a difference found again with the same fingerprint is only
 * marked as seen, a new or changed one is stored and published as {@code reconciliation.mismatch} in the same
 * transaction, and one no longer found is marked resolved.
 */
@ApplicationScoped
class ReconciliationRuns {
    private static final Logger LOG = Logger.getLogger(ReconciliationRuns.class);

    /** What a run stored: the day's row and how many differences were new or changed. */
    record Stored(RunDocument run, int newDifferences) {}

    private final EntityManager em;
    private final EventOutbox outbox;
    private final Clock clock;

    ReconciliationRuns(EntityManager em, EventOutbox outbox, Clock clock) {
        this.em = em;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    Stored record(Merchant merchant, LocalDate day, ReconciliationReport report, String trigger) {
        Instant now = clock.instant();
        ReconciliationRun run = lockDay(merchant, day, trigger, now);
        run.state = ReconciliationRun.COMPLETED;
        run.error = null;
        run.completedAt = now;
        run.currency = report.currency();
        run.erpTotal = report.totals().erp();
        run.secuconnectTotal = report.totals().secuconnect();
        run.difference = report.totals().difference();
        ReconciliationReport.Counts c = report.counts();
        run.matched = c.matched();
        run.mismatched = c.mismatched();
        run.pending = c.pending();
        run.failed = c.failed();
        run.cancelled = c.cancelled();
        run.orphaned = c.orphaned();
        run.statusDisagreement = c.statusDisagreement();

        Map<String, ReconciliationDifference> known = new LinkedHashMap<>();
        differencesOf(merchant.key(), day).forEach(d -> known.put(d.key, d));
        int fresh = 0;
        for (Item item : report.items()) {
            if (!isDifference(item)) {
                continue;
            }
            String key = key(item);
            String fingerprint = fingerprint(item);
            ReconciliationDifference d = known.remove(key);
            if (d != null && d.resolvedAt == null && d.fingerprint.equals(fingerprint)) {
                d.lastSeenAt = now;
                continue;
            }
            if (d == null) {
                d = new ReconciliationDifference();
                d.merchant = merchant.key();
                d.businessDay = day;
                d.key = key;
                d.firstSeenAt = now;
            }
            d.fingerprint = fingerprint;
            copy(item, d);
            d.lastSeenAt = now;
            d.resolvedAt = null;
            d.eventId = outbox.publish(
                    merchant.key(), EventOutbox.RECONCILIATION_MISMATCH, event(day, key, fingerprint, item));
            if (d.id == null) {
                d.persist();
            }
            fresh++;
        }
        for (ReconciliationDifference gone : known.values()) {
            if (gone.resolvedAt == null) {
                gone.resolvedAt = now;
            }
        }
        LOG.infof(
                "Reconciled merchant %s day %s (%s): erp %d, secuconnect %d, difference %d; %d matched, %d mismatched,"
                        + " %d pending, %d failed, %d cancelled, %d orphaned; %d new difference(s)",
                merchant.key(),
                day,
                trigger,
                run.erpTotal,
                run.secuconnectTotal,
                run.difference,
                c.matched(),
                c.mismatched(),
                c.pending(),
                c.failed(),
                c.cancelled(),
                c.orphaned(),
                fresh);
        return new Stored(document(run), fresh);
    }

    /** Notes that reconciling the day failed; a stored earlier result stays, marked as not current. */
    @Transactional
    void recordFailure(Merchant merchant, LocalDate day, String trigger, String error) {
        ReconciliationRun run = lockDay(merchant, day, trigger, clock.instant());
        run.state = ReconciliationRun.FAILED;
        run.error = error == null ? "unknown error" : error.substring(0, Math.min(error.length(), 500));
    }

    @Transactional
    Optional<RunDocument> find(String merchant, LocalDate day) {
        return ReconciliationRun.<ReconciliationRun>find("merchant = ?1 and businessDay = ?2", merchant, day)
                .firstResultOptional()
                .map(this::document);
    }

    @Transactional
    List<RunDocument> recent(String merchant, int limit) {
        return ReconciliationRun.<ReconciliationRun>find("merchant = ?1 order by businessDay desc", merchant)
                .page(0, limit)
                .list()
                .stream()
                .map(r -> summary(r, List.of()))
                .toList();
    }

    /** Days of the merchant in {@code [from, to]} whose latest run failed. */
    @Transactional
    List<LocalDate> failedDays(String merchant, LocalDate from, LocalDate to) {
        return ReconciliationRun.<ReconciliationRun>list(
                        "merchant = ?1 and state = ?2 and businessDay >= ?3 and "
                                + "businessDay <= ?4 order by businessDay",
                        merchant,
                        ReconciliationRun.FAILED,
                        from,
                        to)
                .stream()
                .map(r -> r.businessDay)
                .toList();
    }

    /** Differences still found by the latest run of their day, newest day first (for the dashboard). */
    @Transactional
    List<RunDocument.Difference> open(String merchant, LocalDate since, int limit) {
        return ReconciliationDifference.<ReconciliationDifference>find(
                        "merchant = ?1 and resolvedAt is null and "
                                + "businessDay >= ?2 order by businessDay desc, key",
                        merchant,
                        since)
                .page(0, limit)
                .list()
                .stream()
                .map(ReconciliationRuns::difference)
                .toList();
    }

    private ReconciliationRun lockDay(Merchant merchant, LocalDate day, String trigger, Instant now) {
        // the unique (merchant, business_day) makes a concurrent insert of the same day a no-op; then both lock the row
        em.createNativeQuery("insert into reconciliation_run (merchant, business_day, time_zone, state, trigger_kind, "
                        + "runs, currency, erp_total, secuconnect_total, difference, matched, mismatched, pending, failed, cancelled,"
                        + " orphaned, status_disagreement, first_run_at, last_run_at) values (?1, ?2, ?3, ?4, ?5, 0, ?6, 0, 0, 0, 0,"
                        + " 0, 0, 0, 0, 0, 0, ?7, ?7) on conflict do nothing")
                .setParameter(1, merchant.key())
                .setParameter(2, day)
                .setParameter(3, merchant.timeZone().getId())
                .setParameter(4, ReconciliationRun.FAILED)
                .setParameter(5, trigger)
                .setParameter(6, merchant.currency().getCurrencyCode())
                .setParameter(7, now)
                .executeUpdate();
        ReconciliationRun run = ReconciliationRun.<ReconciliationRun>find(
                        "merchant = ?1 and businessDay = ?2", merchant.key(), day)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
        run.runs++;
        run.triggerKind = trigger;
        run.timeZone = merchant.timeZone().getId();
        run.lastRunAt = now;
        return run;
    }

    private static List<ReconciliationDifference> differencesOf(String merchant, LocalDate day) {
        return ReconciliationDifference.list("merchant = ?1 and businessDay = ?2 order by key", merchant, day);
    }

    static boolean isDifference(Item item) {
        return Reconciler.MISMATCHED.equals(item.reconciliation()) || Reconciler.ORPHANED.equals(item.reconciliation());
    }

    /** A difference's identity within its day: the order (and which Smart Transaction, for a second booking), or the orphan. */
    static String key(Item item) {
        if (item.orderId() == null) {
            return "stx:" + item.smartTransactionId();
        }
        if (item.differences().contains(Reconciler.DIFF_SECOND_BOOKING)) {
            return "order:" + item.orderId() + ":stx:" + item.smartTransactionId();
        }
        return "order:" + item.orderId();
    }

    /** What was found, without the wording: the same facts on a later run give the same fingerprint. */
    static String fingerprint(Item item) {
        String facts = String.join(
                "\n",
                Arrays.asList(
                        item.reconciliation(),
                        String.join(",", item.differences()),
                        String.valueOf(item.erpTotal()),
                        String.valueOf(item.secuconnectTotal()),
                        item.currency(),
                        item.secuconnectCurrency(),
                        item.status(),
                        item.secuconnectStatus(),
                        item.smartTransactionId()));
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(facts.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void copy(Item item, ReconciliationDifference d) {
        d.orderId = item.orderId();
        d.smartTransactionId = item.smartTransactionId();
        d.reconciliation = item.reconciliation();
        d.kinds = item.differences().isEmpty() ? null : String.join(",", item.differences());
        d.reason = item.reason() == null
                ? null
                : item.reason().substring(0, Math.min(item.reason().length(), 1000));
        d.currency = item.currency() != null ? item.currency() : item.secuconnectCurrency();
        d.erpTotal = item.erpTotal();
        d.secuconnectTotal = item.secuconnectTotal();
        d.secuconnectStatus = item.secuconnectStatus();
    }

    private static MismatchEvent event(LocalDate day, String key, String fingerprint, Item item) {
        return new MismatchEvent(
                day.toString(),
                key,
                fingerprint,
                item.orderId(),
                item.reconciliation(),
                item.differences(),
                item.reason(),
                item.currency() != null ? item.currency() : item.secuconnectCurrency(),
                item.erpTotal(),
                item.secuconnectTotal(),
                item.smartTransactionId(),
                item.secuconnectStatus(),
                item.loyaltyTransactionId(),
                item.transId());
    }

    private RunDocument document(ReconciliationRun run) {
        List<RunDocument.Difference> differences = new ArrayList<>();
        differencesOf(run.merchant, run.businessDay).forEach(d -> differences.add(difference(d)));
        return summary(run, differences);
    }

    private static RunDocument summary(ReconciliationRun run, List<RunDocument.Difference> differences) {
        return new RunDocument(
                run.merchant,
                run.businessDay.toString(),
                run.timeZone,
                run.state,
                run.triggerKind,
                run.runs,
                text(run.firstRunAt),
                text(run.lastRunAt),
                text(run.completedAt),
                run.error,
                run.currency,
                new ReconciliationReport.Totals(run.erpTotal, run.secuconnectTotal, run.difference),
                new ReconciliationReport.Counts(
                        run.matched,
                        run.mismatched,
                        run.pending,
                        run.failed,
                        run.cancelled,
                        run.orphaned,
                        run.statusDisagreement),
                null,
                differences,
                null);
    }

    private static RunDocument.Difference difference(ReconciliationDifference d) {
        return new RunDocument.Difference(
                d.businessDay.toString(),
                d.key,
                d.orderId,
                d.smartTransactionId,
                d.reconciliation,
                d.kinds == null ? List.of() : List.of(d.kinds.split(",")),
                d.reason,
                d.currency,
                d.erpTotal,
                d.secuconnectTotal,
                d.secuconnectStatus,
                d.eventId == null ? null : d.eventId.toString(),
                text(d.firstSeenAt),
                text(d.lastSeenAt),
                text(d.resolvedAt));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
