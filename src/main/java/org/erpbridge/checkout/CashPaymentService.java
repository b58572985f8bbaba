package org.erpbridge.checkout;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.carddata.CardVault;
import org.erpbridge.common.ApiProblem;
import org.erpbridge.common.LogContext;
import org.erpbridge.erp.SignatureUse;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;

import org.jboss.logging.Logger;

/**
 * Records a cash payment idempotently. The first request for an order inserts it (the unique constraint
 * picks one winner among concurrent copies) and processes it, waiting up to sync-wait. A repeat with the same
 * content gets the stored outcome (waiting for an in-flight first request like the first would have); other
 * content gets 409, unless the payment failed with nothing booked: then any resend starts a new attempt.
 */
@ApplicationScoped
class CashPaymentService {
    private static final Logger LOG = Logger.getLogger(CashPaymentService.class);
    private static final int MAX_ROUNDS = 5;

    private final CashPaymentReader reader;
    private final CashPaymentValidator validator;
    private final PaymentStore store;
    private final PaymentLifecycle lifecycle;
    private final CheckoutWorkers workers;
    private final SettlementWaiter waiter;
    private final Duration syncWait;
    private final CardVault vault;

    CashPaymentService(
            CashPaymentReader reader,
            CashPaymentValidator validator,
            PaymentStore store,
            PaymentLifecycle lifecycle,
            CheckoutWorkers workers,
            SettlementWaiter waiter,
            BridgeConfig config,
            CardVault vault) {
        this.reader = reader;
        this.vault = vault;
        this.validator = validator;
        this.store = store;
        this.lifecycle = lifecycle;
        this.workers = workers;
        this.waiter = waiter;
        this.syncWait = config.checkout().syncWait();
    }

    /**
     * sync-wait counts from the request's arrival on the event loop, not from when a worker thread took it. The
     * request signature's {@code use} is recorded in the transaction of the first insert (one commit for both); a
     * replay is refused there, with nothing written.
     */
    PaymentAnswer submit(Merchant merchant, byte[] body, Arrival arrival, SignatureUse use) {
        long deadline = arrival.nanos() + syncWait.toNanos();
        ValidatedPayment payment = validator.validate(merchant, reader.read(body));
        LogContext.put(LogContext.ORDER_ID, payment.orderId());
        String m = merchant.key();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            // insert first: a new order (the common case) costs one transaction; a copy finds the row it conflicted
            // with.
            // Stored as CREATE_PENDING: its worker sends the create next (after a crash, recovery looks it up first)
            Optional<CashPayment> inserted = store.insert(m, payment, PaymentState.INITIAL, use);
            if (inserted.isPresent()) {
                CashPayment p = inserted.get();
                LOG.infof(
                        "Cash payment received: merchant=%s order=%s total=%d %s card=%s",
                        m, p.orderId, p.total, p.currency, p.cardMasked);
                return process(p, deadline, () -> lifecycle.driveNew(p));
            }
            Optional<CashPayment> existing = store.find(m, payment.orderId());
            if (existing.isEmpty()) {
                continue; // inserted and gone again cannot happen (rows are never deleted); look once more
            }
            CashPayment p = existing.get();
            if (p.state == PaymentState.FAILED && p.nothingBooked) {
                CashPayment restarted = lifecycle.restart(p, payment);
                if (restarted != null) {
                    return process(restarted, deadline, () -> lifecycle.drive(restarted));
                }
                continue; // another resend restarted it first
            }
            if (!p.sameRequest(payment, vault)) {
                throw ApiProblem.conflict("Order " + payment.orderId() + " was already sent with different content; "
                        + "an order id stands for one payment (its status: " + p.state.apiStatus() + ")");
            }
            // under pressure a copy holds no thread and no slot waiting for the first request: 202 with what is stored
            long copyDeadline = arrival.underPressure() ? System.nanoTime() : deadline;
            return PaymentAnswer.of(
                    PaymentSnapshot.of(waiter.awaitLeaving(m, p.id, PaymentState.IN_FLIGHT, copyDeadline)));
        }
        throw new IllegalStateException("order " + payment.orderId() + " kept changing while being recorded");
    }

    /** The payment document with its attempts; 404 when this merchant has no such order. */
    CashPaymentDocument read(String merchant, String orderId) {
        CashPayment p = store.find(merchant, orderId).orElseThrow(() -> notFound(orderId));
        LogContext.payment(merchant, p.orderId, p.smartTransactionId);
        return store.withAttempts(merchant, p.id).document();
    }

    /** Processes on a checkout worker, waiting until the deadline; answers from the worker's result when it settled. */
    private PaymentAnswer process(CashPayment p, long deadline, Supplier<PaymentSnapshot> work) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        PaymentSnapshot settled = workers.callWaiting("cash payment " + p.merchant + "/" + p.orderId, work, left);
        return PaymentAnswer.of(settled != null ? settled : PaymentSnapshot.of(store.get(p.merchant, p.id)));
    }

    static ApiProblem notFound(String orderId) {
        return ApiProblem.notFound("No cash payment with order id " + orderId);
    }
}
