package org.erpbridge.reconciliation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.erpbridge.checkout.PaymentLedgerView.RecordedPayment;
import org.erpbridge.checkout.PaymentState;
import org.erpbridge.reconciliation.ReconciliationReport.Item;
import org.erpbridge.secuconnect.model.SmartTransaction;

/**
 * Decides the class of every ERP order of a period and finds the Smart Transactions no order explains. Pure: the
 * same inputs give the same report, item for item, in the same order.
 */
final class Reconciler {
    static final String MATCHED = "matched";
    static final String MISMATCHED = "mismatched";
    static final String PENDING = "pending";
    static final String FAILED = "failed";
    static final String CANCELLED = "cancelled";
    static final String ORPHANED = "orphaned";

    static final String DIFF_AMOUNT = "amount";
    static final String DIFF_CURRENCY = "currency";
    static final String DIFF_STATUS = "status";
    static final String DIFF_MISSING = "missing-at-secuconnect";
    static final String DIFF_LOYALTY = "loyalty-transaction";
    static final String DIFF_SECOND_BOOKING = "second-booking";

    /**
     * {@code listed}: secuconnect's Smart Transactions created in the period; {@code fetched}: those of the period's
     * payments that were created outside it, read one by one (absent: secuconnect does not know them);
     * {@code owners}: the order each listed Smart Transaction belongs to, if any.
     */
    record Input(
            String merchant,
            Currency currency,
            ReportPeriod period,
            List<RecordedPayment> payments,
            List<SmartTransaction> listed,
            Map<String, SmartTransaction> fetched,
            Map<String, Owner> owners) {}

    private Reconciler() {}

    static ReconciliationReport reconcile(Input in) {
        Map<String, SmartTransaction> listedById = new LinkedHashMap<>();
        in.listed().forEach(stx -> listedById.putIfAbsent(stx.id(), stx));
        Set<String> explained = new HashSet<>();
        Tally tally = new Tally(in.currency().getCurrencyCode());
        List<Item> items = new ArrayList<>();

        List<RecordedPayment> payments = new ArrayList<>(in.payments());
        payments.sort(Comparator.comparing(RecordedPayment::paidAt).thenComparing(RecordedPayment::orderId));
        for (RecordedPayment p : payments) {
            SmartTransaction stx =
                    smartTransactionOf(p, listedById, in.fetched()).orElse(null);
            if (stx != null) {
                explained.add(stx.id());
            }
            items.add(tally.add(classify(p, stx), p.orderId(), p, stx));
        }

        List<SmartTransaction> rest = listedById.values().stream()
                .filter(stx -> !explained.contains(stx.id()))
                .sorted(Comparator.comparing((SmartTransaction s) -> Objects.requireNonNullElse(s.created(), ""))
                        .thenComparing(SmartTransaction::id))
                .toList();
        List<Item> orphans = new ArrayList<>();
        for (SmartTransaction stx : rest) {
            Owner owner = in.owners().get(stx.id());
            if (owner == null) {
                orphans.add(tally.add(orphaned(stx), null, null, stx));
            } else if (!owner.isCurrent(stx.id()) && captured(stx)) {
                items.add(tally.add(secondBooking(owner, stx), owner.orderId(), null, stx));
            }
            // the current Smart Transaction of an order of another period is reconciled with that period;
            // an uncaptured leftover of an earlier attempt booked nothing
        }
        items.addAll(orphans);
        return new ReconciliationReport(
                in.merchant(),
                in.period().from().toString(),
                in.period().to().toString(),
                in.period().zone().getId(),
                in.currency().getCurrencyCode(),
                tally.totals(),
                tally.counts(),
                List.copyOf(items));
    }

    /** The Smart Transaction the payment stands for: its recorded one, else one an attempt created (by merchantRef). */
    private static Optional<SmartTransaction> smartTransactionOf(
            RecordedPayment p, Map<String, SmartTransaction> listed, Map<String, SmartTransaction> fetched) {
        if (p.smartTransactionId() != null) {
            return Optional.ofNullable(
                    listed.getOrDefault(p.smartTransactionId(), fetched.get(p.smartTransactionId())));
        }
        List<SmartTransaction> byRef = listed.values().stream()
                .filter(stx -> stx.merchantRef() != null && p.attemptRefs().contains(stx.merchantRef()))
                .toList();
        return byRef.stream()
                .filter(Reconciler::captured)
                .findFirst()
                .or(() -> byRef.stream().findFirst());
    }

    /** The verdict on one order: its class, what differs, and why in words. */
    record Verdict(String reconciliation, List<String> differences, String reason) {
        static Verdict of(String reconciliation, String reason) {
            return new Verdict(reconciliation, List.of(), reason);
        }
    }

    static Verdict classify(RecordedPayment p, SmartTransaction stx) {
        String at = stx == null ? null : stx.status();
        return switch (p.state()) {
            case COMPLETED -> completed(p, stx);
            case CANCELLED -> {
                if (stx != null && captured(stx) && !Objects.equals(at, p.stxStatus())) {
                    yield new Verdict(
                            MISMATCHED,
                            List.of(DIFF_STATUS),
                            "status disagreement: the bridge cancelled the " + "payment (secuconnect answered '"
                                    + p.stxStatus() + "'), secuconnect now reports '" + at + "'");
                }
                yield Verdict.of(CANCELLED, null);
            }
            case FAILED -> {
                if (stx != null && captured(stx)) {
                    yield new Verdict(
                            MISMATCHED,
                            List.of(DIFF_STATUS),
                            "status disagreement: the bridge recorded the "
                                    + "payment as failed, secuconnect booked Smart Transaction " + stx.id()
                                    + " (status '" + at + "')");
                }
                yield Verdict.of(FAILED, p.lastProblem());
            }
            case REVIEW -> Verdict.of(PENDING, "needs operator review" + suffix(p.lastProblem()) + atSecuconnect(stx));
            case CANCEL_PENDING -> Verdict.of(PENDING, "cancellation in progress" + atSecuconnect(stx));
            case RECEIVED, CREATE_PENDING, CREATED, START_PENDING ->
                Verdict.of(
                        PENDING, "booking in progress (" + p.state().name().toLowerCase() + ")" + atSecuconnect(stx));
        };
    }

    private static Verdict completed(RecordedPayment p, SmartTransaction stx) {
        if (stx == null) {
            return new Verdict(
                    MISMATCHED,
                    List.of(DIFF_MISSING),
                    p.smartTransactionId() == null
                            ? "the bridge recorded the payment as completed without a Smart Transaction"
                            : "secuconnect does not know Smart Transaction " + p.smartTransactionId()
                                    + " that the bridge recorded as booked");
        }
        List<String> differences = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        if (!captured(stx)) {
            differences.add(DIFF_STATUS);
            reasons.add("status disagreement: the bridge recorded the payment as completed, secuconnect reports '"
                    + stx.status() + "'");
        }
        Long sum = sum(stx);
        if (sum == null || sum != p.total()) {
            differences.add(DIFF_AMOUNT);
            reasons.add(
                    sum == null
                            ? "secuconnect reports no basket sum"
                            : "ERP total " + p.total() + " differs from secuconnect's basket sum " + sum);
        }
        String currency = currency(stx);
        if (!p.currency().equalsIgnoreCase(Objects.requireNonNullElse(currency, ""))) {
            differences.add(DIFF_CURRENCY);
            reasons.add(
                    currency == null
                            ? "secuconnect reports no currency"
                            : "ERP currency " + p.currency() + " differs from secuconnect's " + currency);
        }
        if (p.withCard() && stx.loyaltyTransactionId().isEmpty()) {
            differences.add(DIFF_LOYALTY);
            reasons.add("a loyalty card was given but secuconnect shows no loyalty transaction");
        }
        return differences.isEmpty()
                ? Verdict.of(MATCHED, null)
                : new Verdict(MISMATCHED, List.copyOf(differences), String.join("; ", reasons));
    }

    private static Verdict orphaned(SmartTransaction stx) {
        return new Verdict(
                ORPHANED,
                List.of(),
                "no ERP order owns this Smart Transaction (status '" + stx.status() + "', merchantRef "
                        + quoted(stx.merchantRef()) + ", transactionRef " + quoted(stx.transactionRef()) + ")");
    }

    private static Verdict secondBooking(Owner owner, SmartTransaction stx) {
        return new Verdict(
                MISMATCHED,
                List.of(DIFF_SECOND_BOOKING),
                "second booking: secuconnect captured Smart Transaction "
                        + stx.id() + " for order " + owner.orderId() + ", whose payment stands for "
                        + (owner.currentSmartTransactionId() == null
                                ? "no Smart Transaction"
                                : owner.currentSmartTransactionId()));
    }

    static boolean captured(SmartTransaction stx) {
        return stx != null && stx.state().captured();
    }

    private static Long sum(SmartTransaction stx) {
        return stx == null || stx.basketInfo() == null ? null : stx.basketInfo().sum();
    }

    private static String currency(SmartTransaction stx) {
        return stx == null || stx.basketInfo() == null ? null : stx.basketInfo().currency();
    }

    private static String atSecuconnect(SmartTransaction stx) {
        return stx == null ? "" : "; secuconnect reports '" + stx.status() + "' for " + stx.id();
    }

    private static String suffix(String text) {
        return text == null || text.isBlank() ? "" : ": " + text;
    }

    private static String quoted(String text) {
        return text == null ? "none" : "'" + text + "'";
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** Adds up totals and counts while items are made. */
    private static final class Tally {
        private final String currency;
        private long erp;
        private long secuconnect;
        private final Map<String, Integer> counts = new LinkedHashMap<>();
        private int statusDisagreement;

        Tally(String currency) {
            this.currency = currency;
        }

        /** {@code p} is null for a Smart Transaction without payment (orphaned, or a second booking of {@code orderId}). */
        Item add(Verdict v, String orderId, RecordedPayment p, SmartTransaction stx) {
            counts.merge(v.reconciliation(), 1, Integer::sum);
            if (v.differences().contains(DIFF_STATUS)) {
                statusDisagreement++;
            }
            if (p != null && p.state() != PaymentState.FAILED && p.state() != PaymentState.CANCELLED) {
                erp = Math.addExact(erp, p.total());
            }
            Long sum = sum(stx);
            if (captured(stx)
                    && sum != null
                    && currency.equalsIgnoreCase(Objects.requireNonNullElse(currency(stx), ""))
                    && !CANCELLED.equals(v.reconciliation())) {
                secuconnect = Math.addExact(secuconnect, sum);
            }
            return item(v, orderId, p, stx);
        }

        private static Item item(Verdict v, String orderId, RecordedPayment p, SmartTransaction stx) {
            String ltx = stx == null ? null : stx.loyaltyTransactionId().orElse(null);
            if (p == null) {
                return new Item(
                        orderId,
                        null,
                        sum(stx),
                        null,
                        v.reconciliation(),
                        v.reason(),
                        stx.id(),
                        ltx,
                        stx.transId(),
                        null,
                        null,
                        stx.status(),
                        currency(stx),
                        v.differences(),
                        null,
                        stx.created());
            }
            return new Item(
                    orderId,
                    p.total(),
                    sum(stx),
                    p.state().apiStatus(),
                    v.reconciliation(),
                    v.reason(),
                    stx != null ? stx.id() : p.smartTransactionId(),
                    ltx != null ? ltx : p.loyaltyTransactionId(),
                    stx != null && stx.transId() != null ? stx.transId() : p.transId(),
                    text(p.completedAt()),
                    p.currency(),
                    stx == null ? null : stx.status(),
                    currency(stx),
                    v.differences(),
                    text(p.paidAt()),
                    stx == null ? null : stx.created());
        }

        ReconciliationReport.Totals totals() {
            return new ReconciliationReport.Totals(erp, secuconnect, Math.subtractExact(erp, secuconnect));
        }

        ReconciliationReport.Counts counts() {
            return new ReconciliationReport.Counts(
                    count(MATCHED),
                    count(MISMATCHED),
                    count(PENDING),
                    count(FAILED),
                    count(CANCELLED),
                    count(ORPHANED),
                    statusDisagreement);
        }

        private int count(String key) {
            return counts.getOrDefault(key, 0);
        }
    }
}
