package org.erpbridge.checkout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** {@link PaymentLedgerView} on the entities, in IN lists of bounded size. */
@ApplicationScoped
class PaymentLedgerQueries implements PaymentLedgerView {
    /** Parameters per IN list, well below what PostgreSQL and H2 accept. */
    private static final int CHUNK = 500;

    private final EntityManager em;

    PaymentLedgerQueries(EntityManager em) {
        this.em = em;
    }

    @Override
    @Transactional
    public List<RecordedPayment> paidIn(String merchant, Instant start, Instant end) {
        List<CashPayment> rows = em.createQuery(
                        "from CashPayment where merchant = :merchant and paidAt >= :start"
                                + " and paidAt < :end order by paidAt, orderId",
                        CashPayment.class)
                .setParameter("merchant", merchant)
                .setParameter("start", start)
                .setParameter("end", end)
                .getResultList();
        Map<Long, Set<String>> refs = new HashMap<>();
        chunked(
                        rows.stream().map(p -> p.id).toList(),
                        ids -> em.createQuery(
                                        "from PaymentAttempt where merchant = :merchant" + " and paymentId in :ids",
                                        PaymentAttempt.class)
                                .setParameter("merchant", merchant)
                                .setParameter("ids", ids)
                                .getResultList())
                .forEach(a ->
                        refs.computeIfAbsent(a.paymentId, k -> new HashSet<>()).add(a.merchantRef));
        return rows.stream()
                .map(p -> new RecordedPayment(
                        p.orderId,
                        p.state,
                        p.total,
                        p.currency,
                        p.smartTransactionId,
                        p.stxStatus,
                        p.loyaltyTransactionId,
                        p.transId,
                        p.bookedSum,
                        p.bookedCurrency,
                        p.cardMasked != null,
                        p.lastProblem,
                        p.paidAt,
                        p.completedAt,
                        Set.copyOf(refs.getOrDefault(p.id, Set.of()))))
                .toList();
    }

    @Override
    @Transactional
    public Owners owners(
            String merchant,
            Collection<String> smartTransactionIds,
            Collection<String> merchantRefs,
            Collection<String> orderIds) {
        Map<String, Owner> byStxId = new HashMap<>();
        Map<String, Owner> byRef = new HashMap<>();
        Map<String, Owner> byOrderId = new HashMap<>();
        List<String> ids = List.copyOf(smartTransactionIds);
        chunked(
                        ids,
                        chunk -> em.createQuery(
                                        "from CashPayment where merchant = :merchant and smartTransactionId in :ids",
                                        CashPayment.class)
                                .setParameter("merchant", merchant)
                                .setParameter("ids", chunk)
                                .getResultList())
                .forEach(p -> byStxId.put(p.smartTransactionId, owner(p)));
        chunked(ids, chunk -> attemptsWith(merchant, "a.smartTransactionId", chunk))
                .forEach(row -> byStxId.putIfAbsent((String) row[0], owner((CashPayment) row[2])));
        chunked(List.copyOf(merchantRefs), chunk -> attemptsWith(merchant, "a.merchantRef", chunk))
                .forEach(row -> byRef.put((String) row[1], owner((CashPayment) row[2])));
        chunked(
                        List.copyOf(orderIds),
                        chunk -> em.createQuery(
                                        "from CashPayment where merchant = :merchant" + " and orderId in :ids",
                                        CashPayment.class)
                                .setParameter("merchant", merchant)
                                .setParameter("ids", chunk)
                                .getResultList())
                .forEach(p -> byOrderId.put(p.orderId, owner(p)));
        return new Owners(byStxId, byRef, byOrderId);
    }

    private List<Object[]> attemptsWith(String merchant, String column, List<String> values) {
        return em.createQuery(
                        "select a.smartTransactionId, a.merchantRef, p from PaymentAttempt a, CashPayment p"
                                + " where a.merchant = :merchant and p.merchant = :merchant and p.id = a.paymentId and "
                                + column
                                + " in :values",
                        Object[].class)
                .setParameter("merchant", merchant)
                .setParameter("values", values)
                .getResultList();
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
