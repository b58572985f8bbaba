package org.erpbridge.reconciliation;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.checkout.PaymentLedgerView.RecordedPayment;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.secuconnect.SecuconnectException;
import org.erpbridge.secuconnect.model.SmartTransaction;

import org.jboss.logging.Logger;

/**
 * Reconciles a merchant's period: the bridge's payments against secuconnect's Smart Transactions. Reads only
 * (no transaction is held while secuconnect is asked); {@link #run} also stores the day and reports new differences.
 */
@ApplicationScoped
public class ReconciliationService {
    private static final Logger LOG = Logger.getLogger(ReconciliationService.class);

    private final PaymentLedger payments;
    private final SmartTransactionLedger smartTransactions;
    private final ReconciliationRuns runs;

    ReconciliationService(PaymentLedger payments, SmartTransactionLedger smartTransactions, ReconciliationRuns runs) {
        this.payments = payments;
        this.smartTransactions = smartTransactions;
        this.runs = runs;
    }

    /** The report of the period; throws {@link SecuconnectException} when secuconnect cannot be asked. */
    public ReconciliationReport report(Merchant merchant, ReportPeriod period) {
        return report(merchant, period, SmartTransactionLedger.MAX_PAGES);
    }

    /** As above, reading at most {@code maxPages} list pages; more throws {@link ListingTooLongException}. */
    public ReconciliationReport report(Merchant merchant, ReportPeriod period, int maxPages) {
        List<RecordedPayment> local = payments.paidIn(merchant.key(), period);
        List<SmartTransaction> listed = smartTransactions.createdIn(merchant.key(), period, maxPages);
        Set<String> listedIds = listed.stream().map(SmartTransaction::id).collect(Collectors.toSet());
        // payments of the period whose Smart Transaction was created on another day (around midnight, after recovery)
        List<String> elsewhere = local.stream()
                .map(RecordedPayment::smartTransactionId)
                .filter(Objects::nonNull)
                .filter(id -> !listedIds.contains(id))
                .distinct()
                .toList();
        Map<String, SmartTransaction> fetched = smartTransactions.read(merchant.key(), elsewhere);
        Map<String, Owner> owners = payments.owners(merchant.key(), listed);
        return Reconciler.reconcile(
                new Reconciler.Input(merchant.key(), merchant.currency(), period, local, listed, fetched, owners));
    }

    /**
     * The period as the bridge recorded it, without asking secuconnect: each payment against what secuconnect answered
     * when it was booked (or cancelled). Cannot find orphans or later changes at secuconnect; for when secuconnect is
     * unreachable.
     */
    public ReconciliationReport recorded(Merchant merchant, ReportPeriod period) {
        List<RecordedPayment> local = payments.paidIn(merchant.key(), period);
        Map<String, SmartTransaction> recorded = local.stream()
                .map(LocalPayment::asRecorded)
                .flatMap(Optional::stream)
                .collect(Collectors.toMap(SmartTransaction::id, stx -> stx, (a, b) -> a));
        return Reconciler.reconcile(new Reconciler.Input(
                merchant.key(), merchant.currency(), period, local, List.of(), recorded, Map.of()));
    }

    /** The latest stored runs of the merchant, newest day first. */
    public List<RunDocument> recentRuns(String merchant, int limit) {
        return runs.recent(merchant, limit);
    }

    /**
     * Reconciles one day and stores the result; each new or changed difference is published once. Reconciling the
     * same day again with the same facts gives the same report and publishes nothing. A failure is recorded on the
     * day and rethrown.
     */
    public RunDocument run(Merchant merchant, LocalDate day, String trigger) {
        ReconciliationReport report;
        try {
            report = report(merchant, ReportPeriod.day(day, merchant.timeZone()));
        } catch (RuntimeException e) {
            LOG.errorf(
                    "Reconciliation of merchant %s day %s (%s) failed: %s",
                    merchant.key(), day, trigger, e.getMessage());
            runs.recordFailure(merchant, day, trigger, e.getMessage());
            throw e;
        }
        ReconciliationRuns.Stored stored = runs.record(merchant, day, report, trigger);
        return stored.run().withOutcome(stored.newDifferences(), report);
    }

    public Optional<RunDocument> storedRun(String merchant, LocalDate day) {
        return runs.find(merchant, day);
    }

    /** Differences the daily runs since {@code since} still found on their latest run, newest day first. */
    public List<RunDocument.Difference> openDifferences(String merchant, LocalDate since, int limit) {
        return runs.open(merchant, since, limit);
    }

    List<LocalDate> failedDays(String merchant, LocalDate from, LocalDate to) {
        return runs.failedDays(merchant, from, to);
    }
}
