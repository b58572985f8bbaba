package org.erpbridge.checkout;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.common.LogContext;
import org.erpbridge.secuconnect.Secuconnect;
import org.erpbridge.secuconnect.SecuconnectException;
import org.erpbridge.secuconnect.SecuconnectRejectedException;
import org.erpbridge.secuconnect.model.ListQuery;
import org.erpbridge.secuconnect.model.SmartTransaction;
import org.jboss.logging.Logger;

/**
 * Drives a payment through create and start/cash. Before each call the intent is committed (RECEIVED ->
 * CREATE_PENDING; CREATE_PENDING -> START_PENDING together with the new Smart Transaction id, or CREATED ->
 * START_PENDING after recovery). A call that certainly never reached secuconnect moves the payment back, so it
 * may be sent again; a call whose outcome is unknown leaves it pending, and only a lookup may move it on. Each
 * step goes on with the row its commit returned, so the happy path reads nothing twice.
 */
@ApplicationScoped
class PaymentProcessor {
    private static final Logger LOG = Logger.getLogger(PaymentProcessor.class);
    static final String CASH = "cash";
    private static final int MAX_STEPS = 8;

    private final Secuconnect secuconnect;
    private final PaymentStore store;
    private final PaymentEvents events;

    PaymentProcessor(Secuconnect secuconnect, PaymentStore store, PaymentEvents events) {
        this.secuconnect = secuconnect;
        this.store = store;
        this.events = events;
    }

    /** Takes every forward step that is safe now (see {@link #proceed(CashPayment)}). */
    PaymentSnapshot proceed(String merchant, long id) {
        return proceed(store.get(merchant, id));
    }

    /**
     * Takes every forward step that is safe now, starting from the payment as last committed; returns when the
     * payment is settled or must wait for recovery. The answer is the settled payment with its receipt when this
     * call settled it (so the request needs no second read), else null.
     */
    PaymentSnapshot proceed(CashPayment payment) {
        CashPayment p = payment;
        for (int step = 0; step < MAX_STEPS; step++) {
            LogContext.payment(p.merchant, p.orderId, p.smartTransactionId);
            Step next = switch (p.state) {
                case RECEIVED -> create(p);
                case CREATED -> start(p);
                default -> Step.STOP;
            };
            if (next.settled() != null || !next.again()) {
                return next.settled();
            }
            // after a missed guard another worker moved it: look again
            p = next.payment() != null ? next.payment() : store.get(p.merchant, p.id);
        }
        return null;
    }

    /** What a step left: the payment to go on with (null: read it again), or the settled payment, or stop. */
    private record Step(CashPayment payment, PaymentSnapshot settled, boolean again) {
        static final Step STOP = new Step(null, null, false);
        static final Step RELOAD = new Step(null, null, true);

        static Step settledOrStop(PaymentSnapshot settled) {
            return new Step(null, settled, false);
        }
    }

    private Step create(CashPayment received) {
        CashPayment p = store.transition(received.merchant, received.id, PaymentState.RECEIVED,
                PaymentState.CREATE_PENDING, null);
        if (p == null) {
            return Step.RELOAD; // another worker took the step
        }
        SmartTransaction stx;
        try {
            stx = secuconnect.createSmartTransaction(p.merchant,
                    SmartTransactionRequests.of(PaymentCodec.read(p.requestJson), p.merchantRef));
        } catch (SecuconnectRejectedException e) {
            return Step.settledOrStop(store.failed(p.merchant, p.id, PaymentState.CREATE_PENDING, Refusal.of(e),
                    "secuconnect refused the Smart Transaction", true, null));
        } catch (SecuconnectException e) {
            String problem = SecuconnectProblems.describe("create", e);
            if (!e.outcomeUnknown()) {
                store.transition(p.merchant, p.id, PaymentState.CREATE_PENDING, PaymentState.RECEIVED, problem);
                return Step.STOP;
            }
            store.noteProblem(p.merchant, p.id, problem);
            return findCreated(p) == Lookup.ADOPTED ? Step.RELOAD : Step.STOP;
        }
        if (stx.id() == null || stx.id().isBlank()) {
            store.noteProblem(p.merchant, p.id, "create: secuconnect answered without a Smart Transaction id");
            return findCreated(p) == Lookup.ADOPTED ? Step.RELOAD : Step.STOP;
        }
        LogContext.put(LogContext.STX, stx.id());
        // the id and the intent to start are committed together, before start/cash is sent
        CashPayment starting = store.created(p.merchant, p.id, stx, PaymentState.START_PENDING);
        return starting == null ? Step.RELOAD : sendStart(starting);
    }

    private Step start(CashPayment created) {
        CashPayment p = store.transition(created.merchant, created.id, PaymentState.CREATED, PaymentState.START_PENDING,
                null);
        return p == null ? Step.RELOAD : sendStart(p);
    }

    /** Sends start/cash for a payment whose START_PENDING is committed. */
    private Step sendStart(CashPayment p) {
        SmartTransaction stx;
        try {
            stx = secuconnect.startSmartTransaction(p.merchant, p.smartTransactionId, CASH);
        } catch (SecuconnectRejectedException e) {
            return Step.settledOrStop(store.failed(p.merchant, p.id, PaymentState.START_PENDING, Refusal.of(e),
                    "secuconnect refused start/cash of " + p.smartTransactionId, true, null));
        } catch (SecuconnectException e) {
            String problem = SecuconnectProblems.describe("start/cash", e);
            if (!e.outcomeUnknown()) {
                store.transition(p.merchant, p.id, PaymentState.START_PENDING, PaymentState.CREATED, problem);
                return Step.STOP;
            }
            store.noteProblem(p.merchant, p.id, problem); // recovery reads the Smart Transaction later
            return Step.STOP;
        }
        return Step.settledOrStop(settleStarted(p, stx));
    }

    /**
     * Acts on what secuconnect reports for a started (or possibly started) Smart Transaction: {@code ok} is
     * booked; {@code failed}/{@code cancelled} booked nothing; anything else stays pending for recovery.
     */
    PaymentSnapshot settleStarted(CashPayment p, SmartTransaction stx) {
        String status = stx.status();
        if ("ok".equals(status)) {
            PaymentSnapshot completed = store.completed(p.merchant, p.id, PaymentState.START_PENDING, stx);
            if (completed != null) {
                // after the commit: the card snapshot takes a transaction (and pooled connection) of its own, and
                // taking it inside the payment's transaction made every completion hold two connections at once
                stx.merchantCard().ifPresent(card -> events.cardObserved(p.merchant, card, null));
            }
            return completed;
        }
        if ("failed".equals(status) || "cancelled".equals(status)) {
            return store.failed(p.merchant, p.id, PaymentState.START_PENDING, Refusal.NONE,
                    "secuconnect reports the Smart Transaction as " + status, true, status);
        }
        store.noteProblem(p.merchant, p.id, "start/cash: Smart Transaction status is " + status + ", not ok yet");
        return null;
    }

    enum Lookup { ADOPTED, NONE, SEVERAL, UNAVAILABLE }

    /**
     * Looks for the Smart Transaction a create with an unknown outcome may have made, by the attempt's
     * merchantRef (exact match; the search may return more). Exactly one: adopt it. Several: review.
     */
    Lookup findCreated(CashPayment p) {
        List<SmartTransaction> found;
        try {
            found = secuconnect.listSmartTransactions(p.merchant,
                    new ListQuery(10, 0, null, "merchantRef:\"" + p.merchantRef + "\"", null)).items().stream()
                    .filter(stx -> stx != null && p.merchantRef.equals(stx.merchantRef()) && stx.id() != null)
                    .toList();
        } catch (SecuconnectException e) {
            store.noteProblem(p.merchant, p.id, SecuconnectProblems.describe("lookup by merchantRef", e));
            return Lookup.UNAVAILABLE;
        }
        if (found.size() == 1) {
            LogContext.put(LogContext.STX, found.get(0).id());
            LOG.infof("Cash payment merchant=%s order=%s: adopted Smart Transaction %s found by merchantRef", p.merchant,
                    p.orderId, found.get(0).id());
            store.created(p.merchant, p.id, found.get(0), PaymentState.CREATED);
            return Lookup.ADOPTED;
        }
        if (found.size() > 1) {
            store.review(p.merchant, p.id, PaymentState.CREATE_PENDING, found.size()
                    + " Smart Transactions carry merchantRef " + p.merchantRef + "; refusing to pick one");
            return Lookup.SEVERAL;
        }
        return Lookup.NONE;
    }
}
