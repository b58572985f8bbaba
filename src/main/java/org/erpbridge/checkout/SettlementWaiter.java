package org.erpbridge.checkout;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Waits, by polling the database (so it works across replicas), until a payment leaves a set of states or
 * a deadline passes. Used by duplicates waiting for the first request's outcome and by cancel.
 */
@ApplicationScoped
class SettlementWaiter {
    private static final long FIRST_POLL_MILLIS = 20;
    private static final long MAX_POLL_MILLIS = 250;

    private final PaymentStore store;

    SettlementWaiter(PaymentStore store) {
        this.store = store;
    }

    /** The payment as soon as its state is outside {@code waitWhile}, or as it is at the deadline (nanoTime). */
    CashPayment awaitLeaving(String merchant, long id, Set<PaymentState> waitWhile, long deadlineNanos) {
        long pause = FIRST_POLL_MILLIS;
        while (true) {
            CashPayment p = store.get(merchant, id);
            long left = deadlineNanos - System.nanoTime();
            if (!waitWhile.contains(p.state) || left <= 0) {
                return p;
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return p;
            }
            pause = Math.min(MAX_POLL_MILLIS, pause * 2);
        }
    }
}
