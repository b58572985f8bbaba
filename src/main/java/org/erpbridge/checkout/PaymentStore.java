package org.erpbridge.checkout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.secuconnect.CardNumbers;
import org.erpbridge.secuconnect.model.SmartTransaction;
import org.jboss.logging.Logger;

/**
 * Every database step of a cash payment, each its own short transaction (no transaction is ever held across
 * a secuconnect call). A state change is a guarded {@code update ... where state = :expected} that also bumps
 * {@code version} and renews the lease; only when it hits the row does the step write its data, so two workers
 * can never both take the same step. Every statement is scoped by merchant.
 */
@ApplicationScoped
class PaymentStore {
    private static final Logger LOG = Logger.getLogger(PaymentStore.class);

    private final EntityManager em;
    private final Clock clock;
    private final Duration lease;
    private final PaymentEvents events;
    private final ReceiptLines receiptLines;

    PaymentStore(EntityManager em, Clock clock, BridgeConfig config, PaymentEvents events, ReceiptLines receiptLines) {
        this.em = em;
        this.receiptLines = receiptLines;
        this.clock = clock;
        this.lease = config.checkout().recoveryGrace();
        this.events = events;
    }

    @Transactional
    Optional<CashPayment> find(String merchant, String orderId) {
        return Optional.ofNullable(CashPayment.byOrderId(merchant, orderId));
    }

    @Transactional
    CashPayment get(String merchant, long id) {
        CashPayment p = CashPayment.byId(merchant, id);
        if (p == null) {
            throw new IllegalStateException("cash payment " + id + " of merchant " + merchant + " vanished");
        }
        return p;
    }

    @Transactional
    PaymentSnapshot snapshot(String merchant, long id, boolean withAttempts) {
        CashPayment p = get(merchant, id);
        return new PaymentSnapshot(p, PaymentReceiptLine.of(merchant, id),
                withAttempts ? PaymentAttempt.of(merchant, id) : null);
    }

    /**
     * Stores a new payment as RECEIVED, unless the order already exists (a concurrent duplicate may have won:
     * the unique constraint decides, without an error). Returns the new row when this call created it.
     */
    @Transactional
    Optional<CashPayment> insert(String merchant, ValidatedPayment v) {
        Instant now = now();
        String json = PaymentCodec.json(v);
        String merchantRef = PaymentCodec.merchantRef(merchant, v.orderId(), 1);
        int inserted = em.createNativeQuery("insert into cash_payment (merchant, order_id, state, version, attempt, "
                + "merchant_ref, request_hash, request_json, currency, total, card_masked, register, cashier, paid_at, "
                + "nothing_booked, lease_until, created_at, attempt_started_at, state_changed_at) "
                + "values (?1, ?2, ?3, 0, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, false, ?13, ?14, ?14, ?14) "
                + "on conflict do nothing")
                .setParameter(1, merchant).setParameter(2, v.orderId()).setParameter(3, PaymentState.RECEIVED.name())
                .setParameter(4, merchantRef).setParameter(5, PaymentCodec.hash(json)).setParameter(6, json)
                .setParameter(7, v.currency()).setParameter(8, v.total())
                .setParameter(9, v.hasCard() ? CardNumbers.mask(v.loyaltyCard()) : null)
                .setParameter(10, v.register()).setParameter(11, v.cashier())
                .setParameter(12, Instant.parse(v.paidAt())).setParameter(13, now.plus(lease)).setParameter(14, now)
                .executeUpdate();
        if (inserted == 0) {
            return Optional.empty();
        }
        CashPayment p = CashPayment.byOrderId(merchant, v.orderId());
        newAttempt(p, now);
        LOG.infof("Cash payment received: merchant=%s order=%s total=%d %s card=%s", merchant, p.orderId, p.total,
                p.currency, p.cardMasked);
        return Optional.of(p);
    }

    /**
     * Starts attempt n+1 of a payment that failed with nothing booked, with the (possibly corrected) request.
     * Guarded by state, the nothing-booked flag and the version the caller saw.
     */
    @Transactional
    Optional<CashPayment> restartAttempt(String merchant, long id, long seenVersion, ValidatedPayment v) {
        Instant now = now();
        int updated = CashPayment.update("state = ?1, version = version + 1, attempt = attempt + 1, "
                + "stateChangedAt = ?2, attemptStartedAt = ?2, leaseUntil = ?3 "
                + "where merchant = ?4 and id = ?5 and state = ?6 and nothingBooked = true and version = ?7",
                PaymentState.RECEIVED, now, now.plus(lease), merchant, id, PaymentState.FAILED, seenVersion);
        if (updated == 0) {
            return Optional.empty();
        }
        CashPayment p = get(merchant, id);
        String json = PaymentCodec.json(v);
        p.requestJson = json;
        p.requestHash = PaymentCodec.hash(json);
        p.merchantRef = PaymentCodec.merchantRef(merchant, p.orderId, p.attempt);
        p.currency = v.currency();
        p.total = v.total();
        p.cardMasked = v.hasCard() ? CardNumbers.mask(v.loyaltyCard()) : null;
        p.register = v.register();
        p.cashier = v.cashier();
        p.paidAt = Instant.parse(v.paidAt());
        p.nothingBooked = false;
        clearOutcome(p);
        newAttempt(p, now);
        LOG.infof("Cash payment sent again: merchant=%s order=%s attempt=%d", merchant, p.orderId, p.attempt);
        return Optional.of(p);
    }

    /**
     * A plain guarded state change; {@code problem} (may be null) records why, e.g. a call that never left.
     * Returns the payment as committed, or null when it was no longer in {@code from}.
     */
    @Transactional
    CashPayment transition(String merchant, long id, PaymentState from, PaymentState to, String problem) {
        CashPayment p = move(merchant, id, from, to);
        if (p == null) {
            return null;
        }
        if (problem != null) {
            note(p, problem);
        }
        if (to == PaymentState.CANCEL_PENDING) {
            p.cancelRequestedAt = p.stateChangedAt;
        }
        recordAttempt(p);
        return p;
    }

    /**
     * The Smart Transaction exists: store its id at once (created by us, or found again by merchantRef) and move
     * to {@code to}: CREATED, or START_PENDING when start/cash follows at once (one commit instead of two; recovery
     * finds an unstarted transaction in START_PENDING by reading its status {@code created}).
     */
    @Transactional
    CashPayment created(String merchant, long id, SmartTransaction stx, PaymentState to) {
        CashPayment p = move(merchant, id, PaymentState.CREATE_PENDING, to);
        if (p == null) {
            return null;
        }
        p.smartTransactionId = stx.id();
        p.stxStatus = stx.status();
        p.lastProblem = null;
        recordAttempt(p);
        return p;
    }

    /**
     * Booked: store everything secuconnect answered, reconcile, tell the ERP. The caller hands the card's balances
     * to the cards feature after this commits ({@link PaymentEvents#cardObserved}).
     */
    @Transactional
    PaymentSnapshot completed(String merchant, long id, PaymentState from, SmartTransaction stx) {
        CashPayment p = move(merchant, id, from, PaymentState.COMPLETED);
        if (p == null) {
            return null;
        }
        Bookings.apply(p, stx);
        p.completedAt = p.stateChangedAt;
        p.lastProblem = null;
        List<PaymentReceiptLine> receipt = Bookings.receipt(p, stx);
        receiptLines.replace(p, receipt);
        recordAttempt(p);
        events.publish(merchant, EventOutbox.CASH_PAYMENT_COMPLETED, PaymentDocuments.of(p, receipt));
        LOG.infof("Cash payment completed: merchant=%s order=%s stx=%s ltx=%s reconciliation=%s", merchant, p.orderId,
                p.smartTransactionId, p.loyaltyTransactionId, p.reconciliation);
        return new PaymentSnapshot(p, receipt, null);
    }

    /** Failed for good; {@code nothingBooked} says whether the ERP may send it again as a new attempt. */
    @Transactional
    PaymentSnapshot failed(String merchant, long id, PaymentState from, Refusal refusal, String detail,
            boolean nothingBooked, String stxStatus) {
        CashPayment p = move(merchant, id, from, PaymentState.FAILED);
        if (p == null) {
            return null;
        }
        p.nothingBooked = nothingBooked;
        p.errorCode = Bookings.clip(refusal.code(), 64);
        p.errorName = Bookings.clip(refusal.error(), 255);
        p.errorDetails = Bookings.clip(refusal.details(), 2000);
        p.errorUser = Bookings.clip(refusal.userMessage(), 2000);
        p.supportId = Bookings.clip(refusal.supportId(), 255);
        p.stxStatus = stxStatus != null ? stxStatus : p.stxStatus;
        note(p, detail);
        recordAttempt(p);
        events.publish(merchant, EventOutbox.CASH_PAYMENT_FAILED, PaymentDocuments.of(p, List.of()));
        LOG.infof("Cash payment failed: merchant=%s order=%s attempt=%d code=%s supportId=%s: %s", merchant, p.orderId,
                p.attempt, p.errorCode, p.supportId, detail);
        return new PaymentSnapshot(p, List.of(), null);
    }

    /** Recovery cannot decide safely: stop and leave it to an operator. */
    @Transactional
    boolean review(String merchant, long id, PaymentState from, String reason) {
        CashPayment p = move(merchant, id, from, PaymentState.REVIEW);
        if (p == null) {
            return false;
        }
        note(p, reason);
        recordAttempt(p);
        LOG.warnf("Cash payment needs review: merchant=%s order=%s attempt=%d stx=%s: %s", merchant, p.orderId, p.attempt,
                p.smartTransactionId, reason);
        return true;
    }

    @Transactional
    boolean cancelled(String merchant, long id, SmartTransaction stx) {
        CashPayment p = move(merchant, id, PaymentState.CANCEL_PENDING, PaymentState.CANCELLED);
        if (p == null) {
            return false;
        }
        p.stxStatus = stx.status() != null ? stx.status() : p.stxStatus;
        p.cancelledAt = p.stateChangedAt;
        p.lastProblem = null;
        recordAttempt(p);
        events.publish(merchant, EventOutbox.CASH_PAYMENT_CANCELLED,
                PaymentDocuments.of(p, PaymentReceiptLine.of(merchant, id)));
        LOG.infof("Cash payment cancelled: merchant=%s order=%s stx=%s", merchant, p.orderId, p.smartTransactionId);
        return true;
    }

    /** Records a transient problem without changing the state (the lease stays, so recovery comes back later). */
    @Transactional
    void noteProblem(String merchant, long id, String problem) {
        String text = problemText(problem);
        em.createNativeQuery("update cash_payment set last_problem = ?1 where merchant = ?2 and id = ?3")
                .setParameter(1, text).setParameter(2, merchant).setParameter(3, id).executeUpdate();
        em.createNativeQuery("update cash_payment_attempt set last_problem = ?1, updated_at = ?2 where merchant = ?3"
                + " and payment_id = ?4 and attempt = (select c.attempt from cash_payment c where c.merchant = ?3"
                + " and c.id = ?4)")
                .setParameter(1, text).setParameter(2, now()).setParameter(3, merchant).setParameter(4, id)
                .executeUpdate();
    }

    /**
     * Claims up to {@code limit} of the merchant's payments whose lease ran out in a state recovery works on,
     * skipping rows another replica has locked, and leases them to the caller.
     */
    @Transactional
    List<Long> claimStuck(String merchant, Instant now, int limit) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select id from cash_payment where merchant = ?1 and state in "
                + "('RECEIVED', 'CREATE_PENDING', 'CREATED', 'START_PENDING', 'CANCEL_PENDING') and lease_until < ?2 "
                + "order by lease_until limit ?3 for update skip locked")
                .setParameter(1, merchant).setParameter(2, now).setParameter(3, limit).getResultList();
        List<Long> result = ids.stream().map(Number::longValue).toList();
        if (!result.isEmpty()) {
            CashPayment.update("leaseUntil = ?1 where merchant = ?2 and id in ?3", now.plus(lease), merchant, result);
        }
        return result;
    }

    /** Counts for the gauges: unfinished payments whose lease ran out (recovery's work) and payments in review. */
    record Backlog(long stuck, long review) {
    }

    @Transactional
    Backlog backlog(String merchant, Instant now) {
        long stuck = CashPayment.count("merchant = ?1 and state in ?2 and leaseUntil < ?3", merchant,
                PaymentState.RECOVERABLE, now);
        long review = CashPayment.count("merchant = ?1 and state = ?2", merchant, PaymentState.REVIEW);
        return new Backlog(stuck, review);
    }

    /**
     * Locks the row and moves it from {@code from} to {@code to}; null when it is in another state (another worker
     * took the step: the lock makes that worker's commit visible first). The step's data is written by the caller
     * on the returned entity, which flushes in one update at commit.
     */
    private CashPayment move(String merchant, long id, PaymentState from, PaymentState to) {
        CashPayment p = CashPayment.<CashPayment> find("merchant = ?1 and id = ?2", merchant, id)
                .withLock(LockModeType.PESSIMISTIC_WRITE).singleResultOptional().orElse(null);
        if (p == null || p.state != from) {
            LOG.debugf("Cash payment %d of merchant %s is no longer %s: %s skipped", id, merchant, from, to);
            return null;
        }
        Instant now = now();
        p.state = to;
        p.version++;
        p.stateChangedAt = now;
        p.leaseUntil = now.plus(lease);
        events.stateChanged(merchant, from, to, p.attemptStartedAt, now);
        LOG.debugf("Cash payment merchant=%s order=%s attempt=%d: %s -> %s", merchant, p.orderId, p.attempt, from, to);
        return p;
    }

    /**
     * Mirrors the payment's state onto its current attempt in one statement (no load). Ids, error code, support id
     * and problem are only ever set, never cleared, so the attempt keeps what happened during it.
     */
    private void recordAttempt(CashPayment p) {
        boolean finished = !PaymentState.RECOVERABLE.contains(p.state);
        // native SQL: Hibernate translates an HQL update anew on every execution, which cost more than the update
        em.createNativeQuery("update cash_payment_attempt set outcome = ?1, updated_at = ?2"
                + (finished ? ", finished_at = ?2" : "")
                + ", smart_transaction_id = coalesce(?3, smart_transaction_id), error_code = coalesce(?4, error_code)"
                + ", support_id = coalesce(?5, support_id), last_problem = coalesce(?6, last_problem)"
                + " where merchant = ?7 and payment_id = ?8 and attempt = ?9")
                .setParameter(1, p.state.name()).setParameter(2, p.stateChangedAt)
                .setParameter(3, text(p.smartTransactionId)).setParameter(4, text(p.errorCode))
                .setParameter(5, text(p.supportId)).setParameter(6, text(p.lastProblem))
                .setParameter(7, p.merchant).setParameter(8, p.id).setParameter(9, p.attempt)
                .executeUpdate();
    }

    /** A string parameter that may be null, typed so the database knows it even then. */
    private static TypedParameterValue<String> text(String value) {
        return new TypedParameterValue<>(StandardBasicTypes.STRING, value);
    }

    private void newAttempt(CashPayment p, Instant now) {
        em.createNativeQuery("insert into cash_payment_attempt (merchant, payment_id, attempt, merchant_ref, request_hash,"
                + " outcome, started_at, updated_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)")
                .setParameter(1, p.merchant).setParameter(2, p.id).setParameter(3, p.attempt)
                .setParameter(4, p.merchantRef).setParameter(5, p.requestHash).setParameter(6, p.state.name())
                .setParameter(7, now)
                .executeUpdate();
    }

    /** Records why on the payment; {@link #recordAttempt} carries it to the attempt in the same transaction. */
    private static void note(CashPayment p, String problem) {
        p.lastProblem = problemText(problem);
    }

    /**
     * The database keeps microseconds: rows handed back from memory (the answer to the request that settled a
     * payment) must read exactly like the same rows read again later.
     */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String problemText(String problem) {
        return Bookings.clip(CardNumbers.maskAll(problem), 1000);
    }

    private static void clearOutcome(CashPayment p) {
        p.smartTransactionId = null;
        p.stxStatus = null;
        p.loyaltyTransactionId = null;
        p.transId = null;
        p.bookedSum = null;
        p.bookedCurrency = null;
        p.merchantCardId = null;
        p.cardBalance = null;
        p.cardCashBalance = null;
        p.cardBonusBalance = null;
        p.cardPoints = null;
        p.reconciliation = null;
        p.reconciliationReason = null;
        p.errorCode = null;
        p.errorName = null;
        p.errorDetails = null;
        p.errorUser = null;
        p.supportId = null;
        p.lastProblem = null;
        p.completedAt = null;
    }
}
