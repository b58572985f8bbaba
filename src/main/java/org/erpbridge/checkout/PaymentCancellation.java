package org.erpbridge.checkout;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.common.ApiProblem;
import org.erpbridge.common.LogContext;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.secuconnect.Secuconnect;
import org.erpbridge.secuconnect.SecuconnectException;
import org.erpbridge.secuconnect.SecuconnectRejectedException;
import org.erpbridge.secuconnect.model.SmartTransaction;
import org.erpbridge.secuconnect.model.StxStatus;

/**
 * Reverses a completed payment with a Smart Transaction cancel. Idempotent: a cancelled payment answers 200
 * again. A payment still being booked is waited for (up to sync-wait) and then cancelled, or refused with 409;
 * CANCEL_PENDING is stored before the call, so a cancel is never left half-done: recovery finishes it.
 */
@ApplicationScoped
class PaymentCancellation {
    private static final int MAX_ROUNDS = 5;

    private final PaymentStore store;
    private final PaymentLifecycle lifecycle;
    private final SettlementWaiter waiter;
    private final Secuconnect secuconnect;
    private final Duration syncWait;
    private final Duration reviewAfter;

    PaymentCancellation(
            PaymentStore store,
            PaymentLifecycle lifecycle,
            SettlementWaiter waiter,
            Secuconnect secuconnect,
            BridgeConfig config) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.waiter = waiter;
        this.secuconnect = secuconnect;
        this.syncWait = config.checkout().syncWait();
        this.reviewAfter = config.checkout().reviewAfter();
    }

    PaymentAnswer cancel(String merchant, String orderId) {
        long deadline = System.nanoTime() + syncWait.toNanos();
        CashPayment found = store.find(merchant, orderId).orElseThrow(() -> CashPaymentService.notFound(orderId));
        LogContext.payment(merchant, found.orderId, found.smartTransactionId);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            CashPayment p = waiter.awaitLeaving(merchant, found.id, PaymentState.UNSETTLED, deadline);
            switch (p.state) {
                case CANCELLED, CANCEL_PENDING:
                    return PaymentAnswer.of(PaymentSnapshot.of(p));
                case COMPLETED:
                    CashPayment pending = lifecycle.move(p, PaymentState.CANCEL_PENDING, x -> {});
                    if (pending != null) {
                        return PaymentAnswer.of(PaymentSnapshot.of(sendCancel(pending, false)));
                    }
                    continue; // a concurrent cancel took the step: wait for it
                case FAILED:
                    throw ApiProblem.conflict("Cash payment " + orderId + " failed; nothing was booked, so there is "
                            + "nothing to cancel");
                case REVIEW:
                    throw ApiProblem.conflict("Cash payment " + orderId + " is waiting for review by an operator and "
                            + "cannot be cancelled automatically");
                default:
                    throw ApiProblem.conflict("Cash payment " + orderId + " is still being booked; cancel it again "
                            + "once it has completed");
            }
        }
        throw ApiProblem.conflict("Cash payment " + orderId + " is being changed concurrently; try again");
    }

    /** Recovery of a CANCEL_PENDING payment whose lease ran out: read the Smart Transaction, then finish or cancel again. */
    void resume(CashPayment p, Instant now) {
        boolean overdue = p.cancelRequestedAt != null && now.isAfter(p.cancelRequestedAt.plus(reviewAfter));
        SmartTransaction stx;
        try {
            stx = secuconnect.getSmartTransaction(p.merchant, p.smartTransactionId, lifecycle.window(p));
        } catch (SecuconnectException e) {
            undecided(p, overdue, SecuconnectProblems.describe("read Smart Transaction to finish the cancel", e));
            return;
        }
        if (stx.state() == StxStatus.CANCELLED) {
            cancelled(p, stx);
        } else if (stx.state().captured()) {
            sendCancel(p, true);
        } else {
            undecided(p, overdue, "cancel pending, the Smart Transaction is in status " + stx.status());
        }
    }

    /**
     * Sends the cancel for a payment in CANCEL_PENDING; returns the payment as it stands afterwards. {@code fromRecovery}:
     * a refusal after an earlier cancel whose outcome was unknown may mean that one worked, so recovery hands it to
     * review instead of undoing it.
     */
    private CashPayment sendCancel(CashPayment p, boolean fromRecovery) {
        SmartTransaction stx;
        try {
            stx = secuconnect.cancelSmartTransaction(p.merchant, p.smartTransactionId, lifecycle.window(p));
        } catch (SecuconnectRejectedException e) {
            if (fromRecovery) {
                return orElse(
                        lifecycle.review(
                                p,
                                "secuconnect refused a repeated cancel (" + e.error() + ", code " + e.code()
                                        + ", supportId " + e.supportId() + ")"),
                        p);
            }
            lifecycle.move(
                    p,
                    PaymentState.COMPLETED,
                    x -> x.lastProblem = Bookings.problemText(
                            "cancel refused by secuconnect (" + e.error() + ", code " + e.code() + ")"));
            throw refused(p, e);
        } catch (SecuconnectException e) {
            // not sent or outcome unknown: stays CANCEL_PENDING, recovery reads the Smart Transaction and finishes
            store.noteProblem(p, SecuconnectProblems.describe("cancel", e));
            return p;
        }
        return cancelled(p, stx);
    }

    private CashPayment cancelled(CashPayment p, SmartTransaction stx) {
        return orElse(
                lifecycle.move(p, PaymentState.CANCELLED, x -> {
                    x.stxStatus = stx.status() != null ? stx.status() : x.stxStatus;
                    x.lastProblem = null;
                }),
                p);
    }

    private void undecided(CashPayment p, boolean overdue, String reason) {
        if (overdue) {
            lifecycle.review(p, reason + " (for longer than " + reviewAfter + ")");
        } else {
            store.noteProblem(p, reason);
        }
    }

    private static CashPayment orElse(CashPayment moved, CashPayment before) {
        return moved != null ? moved : before;
    }

    private static ApiProblem refused(CashPayment p, SecuconnectRejectedException e) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("orderId", p.orderId);
        extensions.put("paymentStatus", PaymentState.COMPLETED.apiStatus());
        PaymentAnswer.putIfPresent(extensions, "code", e.code());
        PaymentAnswer.putIfPresent(extensions, "error", e.error());
        PaymentAnswer.putIfPresent(extensions, "supportId", e.supportId());
        PaymentAnswer.putIfPresent(extensions, "errorUser", e.errorUser());
        return new ApiProblem(
                422,
                "cancel-refused",
                "secuconnect refused the cancel",
                "secuconnect refused to cancel cash payment " + p.orderId + " (" + e.error() + ", code " + e.code()
                        + "); it stays completed",
                List.of(),
                extensions);
    }
}
