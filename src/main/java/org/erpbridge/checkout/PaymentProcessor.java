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
 * Drives a payment through create and start/cash. Before each call the intent is stored (RECEIVED ->
 * CREATE_PENDING, CREATED -> START_PENDING) in its own transaction; the Smart Transaction id is stored the
 * moment it is known. A call that certainly never reached secuconnect moves the payment back, so it may be
 * sent again; a call whose outcome is unknown leaves it pending, and only a lookup may move it on.
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

    /** Takes every forward step that is safe now; returns when the payment is settled or must wait for recovery. */
    void proceed(String merchant, long id) {
        for (int step = 0; step < MAX_STEPS; step++) {
            CashPayment p = store.get(merchant, id);
            LogContext.payment(p.merchant, p.orderId, p.smartTransactionId);
            boolean moved = switch (p.state) {
                case RECEIVED -> create(p);
                case CREATED -> start(p);
                default -> false;
            };
            if (!moved) {
                return;
            }
        }
    }

    private boolean create(CashPayment p) {
        if (!store.transition(p.merchant, p.id, PaymentState.RECEIVED, PaymentState.CREATE_PENDING, null)) {
            return true; // another worker took the step: look again
        }
        SmartTransaction stx;
        try {
            stx = secuconnect.createSmartTransaction(p.merchant,
                    SmartTransactionRequests.of(PaymentCodec.read(p.requestJson), p.merchantRef));
        } catch (SecuconnectRejectedException e) {
            store.failed(p.merchant, p.id, PaymentState.CREATE_PENDING, Refusal.of(e),
                    "secuconnect refused the Smart Transaction", true, null);
            return false;
        } catch (SecuconnectException e) {
            String problem = SecuconnectProblems.describe("create", e);
            if (!e.outcomeUnknown()) {
                store.transition(p.merchant, p.id, PaymentState.CREATE_PENDING, PaymentState.RECEIVED, problem);
                return false;
            }
            store.noteProblem(p.merchant, p.id, problem);
            return findCreated(p) == Lookup.ADOPTED;
        }
        if (stx.id() == null || stx.id().isBlank()) {
            store.noteProblem(p.merchant, p.id, "create: secuconnect answered without a Smart Transaction id");
            return findCreated(p) == Lookup.ADOPTED;
        }
        LogContext.put(LogContext.STX, stx.id());
        return store.created(p.merchant, p.id, stx);
    }

    private boolean start(CashPayment p) {
        if (!store.transition(p.merchant, p.id, PaymentState.CREATED, PaymentState.START_PENDING, null)) {
            return true;
        }
        SmartTransaction stx;
        try {
            stx = secuconnect.startSmartTransaction(p.merchant, p.smartTransactionId, CASH);
        } catch (SecuconnectRejectedException e) {
            store.failed(p.merchant, p.id, PaymentState.START_PENDING, Refusal.of(e),
                    "secuconnect refused start/cash of " + p.smartTransactionId, true, null);
            return false;
        } catch (SecuconnectException e) {
            String problem = SecuconnectProblems.describe("start/cash", e);
            if (!e.outcomeUnknown()) {
                store.transition(p.merchant, p.id, PaymentState.START_PENDING, PaymentState.CREATED, problem);
            } else {
                store.noteProblem(p.merchant, p.id, problem); // recovery reads the Smart Transaction later
            }
            return false;
        }
        settleStarted(p, stx);
        return false;
    }

    /**
     * Acts on what secuconnect reports for a started (or possibly started) Smart Transaction: {@code ok} is
     * booked; {@code failed}/{@code cancelled} booked nothing; anything else stays pending for recovery.
     */
    void settleStarted(CashPayment p, SmartTransaction stx) {
        String status = stx.status();
        if ("ok".equals(status)) {
            if (store.completed(p.merchant, p.id, PaymentState.START_PENDING, stx)) {
                // after the commit: the card snapshot takes a transaction (and pooled connection) of its own, and
                // taking it inside the payment's transaction made every completion hold two connections at once
                stx.merchantCard().ifPresent(card -> events.cardObserved(p.merchant, card, null));
            }
        } else if ("failed".equals(status) || "cancelled".equals(status)) {
            store.failed(p.merchant, p.id, PaymentState.START_PENDING, Refusal.NONE,
                    "secuconnect reports the Smart Transaction as " + status, true, status);
        } else {
            store.noteProblem(p.merchant, p.id, "start/cash: Smart Transaction status is " + status + ", not ok yet");
        }
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
            store.created(p.merchant, p.id, found.get(0));
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
