package org.erpbridge.reconciliation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.erpbridge.checkout.CashPayment;
import org.erpbridge.checkout.PaymentAttempt;
import org.erpbridge.secuconnect.model.SmartTransaction;

/** The bridge's side of a period: the cash payments it recorded, read-only, every query scoped by merchant. */
@ApplicationScoped
class PaymentLedger {
    /** Parameters per IN list, well below what PostgreSQL and H2 accept. */
    private static final int CHUNK = 500;

    private final EntityManager em;

    PaymentLedger(EntityManager em) {
        this.em = em;
    }

    /** The merchant's payments whose {@code paidAt} (the ERP's time of sale) lies in the period. */
    @Transactional
    List<LocalPayment> paidIn(String merchant, ReportPeriod period) {
        List<CashPayment> rows = em.createQuery("from CashPayment where merchant = :merchant and paidAt >= :start"
                + " and paidAt < :end order by paidAt, orderId", CashPayment.class)
                .setParameter("merchant", merchant).setParameter("start", period.start()).setParameter("end", period.end())
                .getResultList();
        Map<Long, Set<String>> refs = new HashMap<>();
        chunked(rows.stream().map(p -> p.id).toList(), ids -> em.createQuery("from PaymentAttempt where merchant = :merchant"
                + " and paymentId in :ids", PaymentAttempt.class)
                .setParameter("merchant", merchant).setParameter("ids", ids).getResultList())
                .forEach(a -> refs.computeIfAbsent(a.paymentId, k -> new HashSet<>()).add(a.merchantRef));
        return rows.stream().map(p -> new LocalPayment(p.orderId, p.state, p.total, p.currency, p.smartTransactionId,
                p.stxStatus, p.loyaltyTransactionId, p.transId, p.bookedSum, p.bookedCurrency, p.cardMasked != null, p.lastProblem, p.paidAt,
                p.completedAt, Set.copyOf(refs.getOrDefault(p.id, Set.of())))).toList();
    }

    /**
     * The ERP order behind each listed Smart Transaction, matched by its id (the payment's or any attempt's), else by
     * the merchantRef an attempt sent, else by its transactionRef (the order id the bridge sends). Unowned ones are
     * absent from the result.
     */
    @Transactional
    Map<String, Owner> owners(String merchant, Collection<SmartTransaction> listed) {
        Map<String, Owner> byStxId = new HashMap<>();
        Map<String, Owner> byRef = new HashMap<>();
        Map<String, Owner> byOrderId = new HashMap<>();
        List<String> ids = listed.stream().map(SmartTransaction::id).filter(Objects::nonNull).distinct().toList();
        List<String> refs = listed.stream().map(SmartTransaction::merchantRef).filter(Objects::nonNull).distinct().toList();
        List<String> orderIds = listed.stream().map(SmartTransaction::transactionRef).filter(Objects::nonNull).distinct()
                .toList();

        chunked(ids, chunk -> em.createQuery("from CashPayment where merchant = :merchant and smartTransactionId in :ids",
                CashPayment.class).setParameter("merchant", merchant).setParameter("ids", chunk).getResultList())
                .forEach(p -> byStxId.put(p.smartTransactionId, owner(p)));
        chunked(ids, chunk -> attemptsWith(merchant, "a.smartTransactionId", chunk))
                .forEach(row -> byStxId.putIfAbsent((String) row[0], owner((CashPayment) row[2])));
        chunked(refs, chunk -> attemptsWith(merchant, "a.merchantRef", chunk))
                .forEach(row -> byRef.put((String) row[1], owner((CashPayment) row[2])));
        chunked(orderIds, chunk -> em.createQuery("from CashPayment where merchant = :merchant and orderId in :ids",
                CashPayment.class).setParameter("merchant", merchant).setParameter("ids", chunk).getResultList())
                .forEach(p -> byOrderId.put(p.orderId, owner(p)));

        Map<String, Owner> owners = new HashMap<>();
        for (SmartTransaction stx : listed) {
            Owner owner = byStxId.get(stx.id());
            if (owner == null && stx.merchantRef() != null) {
                owner = byRef.get(stx.merchantRef());
            }
            if (owner == null && stx.transactionRef() != null) {
                owner = byOrderId.get(stx.transactionRef());
            }
            if (owner != null) {
                owners.put(stx.id(), owner);
            }
        }
        return owners;
    }

    private List<Object[]> attemptsWith(String merchant, String column, List<String> values) {
        return em.createQuery("select a.smartTransactionId, a.merchantRef, p from PaymentAttempt a, CashPayment p"
                + " where a.merchant = :merchant and p.merchant = :merchant and p.id = a.paymentId and " + column
                + " in :values", Object[].class)
                .setParameter("merchant", merchant).setParameter("values", values).getResultList();
    }

    private static Owner owner(CashPayment p) {
        return new Owner(p.orderId, p.smartTransactionId);
    }

    private static <T, R> List<R> chunked(List<T> values, Function<List<T>, List<R>> query) {
        List<R> result = new ArrayList<>();
        for (int i = 0; i < values.size(); i += CHUNK) {
            result.addAll(query.apply(values.subList(i, Math.min(values.size(), i + CHUNK))));
        }
        return result;
    }
}
