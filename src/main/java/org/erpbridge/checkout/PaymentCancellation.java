package org.erpbridge.checkout;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.common.ApiProblem;
import org.erpbridge.common.LogContext;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.secuconnect.Secuconnect;
import org.erpbridge.secuconnect.SecuconnectException;
import org.erpbridge.secuconnect.SecuconnectRejectedException;
import org.erpbridge.secuconnect.model.SmartTransaction;

/**
 * Reverses a completed payment with a Smart Transaction cancel. Idempotent: a cancelled payment answers 200
 * again. A payment still being booked is waited for (up to sync-wait) and then cancelled, or refused with 409;
 * CANCEL_PENDING is stored before the call, so a cancel is never left half-done: recovery finishes it.
 */
@ApplicationScoped
class PaymentCancellation {
    private static final Set<PaymentState> UNSETTLED = EnumSet.of(PaymentState.RECEIVED, PaymentState.CREATE_PENDING,
            PaymentState.CREATED, PaymentState.START_PENDING, PaymentState.CANCEL_PENDING);
    private static final int MAX_ROUNDS = 5;

    private final PaymentStore store;
    private final SettlementWaiter waiter;
    private final Secuconnect secuconnect;
    private final Duration syncWait;

    PaymentCancellation(PaymentStore store, SettlementWaiter waiter, Secuconnect secuconnect, BridgeConfig config) {
        this.store = store;
        this.waiter = waiter;
        this.secuconnect = secuconnect;
        this.syncWait = config.checkout().syncWait();
    }

    PaymentAnswer cancel(String merchant, String orderId) {
        long deadline = System.nanoTime() + syncWait.toNanos();
        CashPayment found = store.find(merchant, orderId).orElseThrow(() -> CashPaymentService.notFound(orderId));
        LogContext.payment(merchant, found.orderId, found.smartTransactionId);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            CashPayment p = waiter.awaitLeaving(merchant, found.id, UNSETTLED, deadline);
            switch (p.state) {
                case CANCELLED:
                    return PaymentAnswer.of(store.snapshot(merchant, p.id, false));
                case COMPLETED:
                    if (store.transition(merchant, p.id, PaymentState.COMPLETED, PaymentState.CANCEL_PENDING, null) != null) {
                        sendCancel(p, false);
                        return PaymentAnswer.of(store.snapshot(merchant, p.id, false));
                    }
                    continue; // a concurrent cancel took the step: wait for it
                case CANCEL_PENDING:
                    return PaymentAnswer.of(store.snapshot(merchant, p.id, false));
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

    /**
     * Sends the cancel for a payment in CANCEL_PENDING. {@code fromRecovery}: a refusal after an earlier cancel
     * whose outcome was unknown may mean that one worked, so recovery hands it to review instead of undoing it.
     */
    void sendCancel(CashPayment p, boolean fromRecovery) {
        SmartTransaction stx;
        try {
            stx = secuconnect.cancelSmartTransaction(p.merchant, p.smartTransactionId);
        } catch (SecuconnectRejectedException e) {
            if (fromRecovery) {
                store.review(p.merchant, p.id, PaymentState.CANCEL_PENDING, "secuconnect refused a repeated cancel ("
                        + e.error() + ", code " + e.code() + ", supportId " + e.supportId() + ")");
                return;
            }
            store.transition(p.merchant, p.id, PaymentState.CANCEL_PENDING, PaymentState.COMPLETED,
                    "cancel refused by secuconnect (" + e.error() + ", code " + e.code() + ")");
            throw refused(p, e);
        } catch (SecuconnectException e) {
            // not sent or outcome unknown: stays CANCEL_PENDING, recovery reads the Smart Transaction and finishes
            store.noteProblem(p.merchant, p.id, SecuconnectProblems.describe("cancel", e));
            return;
        }
        store.cancelled(p.merchant, p.id, stx);
    }

    private static ApiProblem refused(CashPayment p, SecuconnectRejectedException e) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("orderId", p.orderId);
        extensions.put("paymentStatus", PaymentState.COMPLETED.apiStatus());
        PaymentAnswer.putIfPresent(extensions, "code", e.code());
        PaymentAnswer.putIfPresent(extensions, "error", e.error());
        PaymentAnswer.putIfPresent(extensions, "supportId", e.supportId());
        PaymentAnswer.putIfPresent(extensions, "errorUser", e.errorUser());
        return new ApiProblem(422, "cancel-refused", "secuconnect refused the cancel",
                "secuconnect refused to cancel cash payment " + p.orderId + " (" + e.error() + ", code " + e.code()
                        + "); it stays completed",
                List.of(), extensions);
    }
}
