package org.erpbridge.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** The outbox's database work, each step in its own short transaction (never held open across HTTP). */
@ApplicationScoped
class OutboxStore {
    // SKIP LOCKED: concurrent workers (replicas or passes) take disjoint rows instead of waiting for each other
    private static final String CLAIM = "select * from outbox_event where status = 'pending' and next_attempt_at <= :now"
            + " and (lease_until is null or lease_until < :now) order by next_attempt_at limit :limit for update skip locked";

    private final EntityManager em;

    @Inject
    OutboxStore(EntityManager em) {
        this.em = em;
    }

    /** Reserves up to {@code limit} due events for {@code worker} until {@code leaseUntil} and commits. */
    List<ClaimedEvent> claim(Instant now, int limit, Instant leaseUntil, String worker) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<OutboxEvent> rows = em.createNativeQuery(CLAIM, OutboxEvent.class)
                    .setParameter("now", now)
                    .setParameter("limit", limit)
                    .getResultList();
            rows.forEach(row -> {
                row.leaseUntil = leaseUntil;
                row.claimedBy = worker;
            });
            return rows.stream().map(ClaimedEvent::of).toList();
        });
    }

    /**
     * Records the 2xx answers of a batch in one transaction (one update per status code); returns how many rows this
     * worker still held. Rows whose lease was lost meanwhile are left to their new owner.
     */
    int markDelivered(Map<Integer, List<ClaimedEvent>> byStatus, String worker, Instant now) {
        if (byStatus.isEmpty()) {
            return 0;
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            int recorded = 0;
            for (Map.Entry<Integer, List<ClaimedEvent>> entry : byStatus.entrySet()) {
                // native SQL: an HQL update is translated anew on every execution
                recorded += em.createNativeQuery("update outbox_event set status = 'delivered', delivered_at = :now,"
                        + " last_status = :status, last_error = null, attempts = attempts + 1, last_attempt_at = :now,"
                        + " lease_until = null, claimed_by = null"
                        + " where id in (:ids) and claimed_by = :worker and status = 'pending'")
                        .setParameter("now", now)
                        .setParameter("status", entry.getKey())
                        .setParameter("ids", entry.getValue().stream().map(ClaimedEvent::id).toList())
                        .setParameter("worker", worker)
                        .executeUpdate();
            }
            return recorded;
        });
    }

    /** Records a failed attempt: pending again from {@code nextAttemptAt}; false when the lease was lost. */
    boolean markRetry(ClaimedEvent event, String worker, Instant now, Integer status, String error, Instant nextAttemptAt) {
        return QuarkusTransaction.requiringNew().call(() -> owned(event, worker, now,
                "nextAttemptAt = :next, lastStatus = :status, lastError = :error")
                .setParameter("next", nextAttemptAt)
                .setParameter("status", status)
                .setParameter("error", shorten(error))
                .executeUpdate() == 1);
    }

    /** Records a failed attempt after which the event is given up. */
    boolean markDead(ClaimedEvent event, String worker, Instant now, Integer status, String error) {
        return QuarkusTransaction.requiringNew().call(() -> owned(event, worker, now,
                "status = 'dead', lastStatus = :status, lastError = :error")
                .setParameter("status", status)
                .setParameter("error", shorten(error))
                .executeUpdate() == 1);
    }

    /** Gives back claimed rows that were not attempted (the pass ran out of lease time). */
    void release(List<ClaimedEvent> events, String worker) {
        if (events.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> em.createQuery("update OutboxEvent set leaseUntil = null, claimedBy = null"
                + " where id in :ids and claimedBy = :worker and status = 'pending'")
                .setParameter("ids", events.stream().map(ClaimedEvent::id).toList())
                .setParameter("worker", worker)
                .executeUpdate());
    }

    OutboxBacklog backlog(String merchant) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Object[] row = (Object[]) em.createQuery("select"
                    + " coalesce(sum(case when status = 'pending' then 1 else 0 end), 0),"
                    + " coalesce(sum(case when status = 'dead' then 1 else 0 end), 0),"
                    + " min(case when status = 'pending' then occurredAt end)"
                    + " from OutboxEvent where merchant = :merchant and status <> 'delivered'")
                    .setParameter("merchant", merchant)
                    .getSingleResult();
            return new OutboxBacklog(merchant, ((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                    Optional.ofNullable((Instant) row[2]));
        });
    }

    /** An update of one attempt's outcome; applies only while this worker still holds the row. */
    private Query owned(ClaimedEvent event, String worker, Instant now, String set) {
        return em.createQuery("update OutboxEvent set " + set + ", attempts = attempts + 1, lastAttemptAt = :now,"
                + " leaseUntil = null, claimedBy = null"
                + " where id = :id and merchant = :merchant and claimedBy = :worker and status = 'pending'")
                .setParameter("id", event.id())
                .setParameter("merchant", event.merchant())
                .setParameter("worker", worker)
                .setParameter("now", now);
    }

    private static String shorten(String error) {
        return error == null || error.length() <= 200 ? error : error.substring(0, 200);
    }

    /** For tests and operations: one row by id, scoped by merchant. */
    Optional<OutboxEvent> find(String merchant, UUID id) {
        return QuarkusTransaction.joiningExisting().call(() -> em.createQuery(
                "from OutboxEvent where id = :id and merchant = :merchant", OutboxEvent.class)
                .setParameter("id", id).setParameter("merchant", merchant)
                .getResultStream().findFirst());
    }
}
