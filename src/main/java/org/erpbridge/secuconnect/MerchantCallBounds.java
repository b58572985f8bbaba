package org.erpbridge.secuconnect;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;

/**
 * The bulkhead of each merchant: at most {@code max-concurrent-calls} secuconnect calls in flight at once on this
 * replica, background calls at most {@code max-concurrent-background-calls} of them. A merchant whose secuconnect
 * answers slowly thus holds a bounded number of threads, and a card sync never takes the places a payment needs.
 * A call waits {@code bridge.secuconnect.call-wait} at most for a place, then fails as not sent: never an unbounded
 * queue of threads behind one slow merchant.
 */
@ApplicationScoped
class MerchantCallBounds {

    /** A place held for one call; {@link #close()} gives it back. */
    interface Place extends AutoCloseable {
        @Override
        void close();
    }

    private record Bound(Semaphore all, Semaphore background) {}

    private final Map<String, Bound> byMerchant = new ConcurrentHashMap<>();
    private final long waitNanos;
    private final SecuconnectMetrics metrics;

    MerchantCallBounds(BridgeConfig config, SecuconnectMetrics metrics) {
        this.waitNanos = Math.max(0, config.secuconnect().callWait().toNanos());
        this.metrics = metrics;
    }

    /** Takes a place for a call of {@code lane}, or throws (not sent) when none came free within the call wait. */
    Place take(Merchant merchant, Lane lane, Operation op) {
        Bound bound = byMerchant.computeIfAbsent(
                merchant.key(),
                k -> new Bound(
                        new Semaphore(merchant.secuconnect().calls().max()),
                        new Semaphore(merchant.secuconnect().calls().background())));
        long deadline = System.nanoTime() + waitNanos;
        Semaphore background = lane == Lane.BACKGROUND ? bound.background() : null;
        if (background != null && !acquire(background, deadline)) {
            throw refused(merchant, lane, op);
        }
        if (!acquire(bound.all(), deadline)) {
            if (background != null) {
                background.release();
            }
            throw refused(merchant, lane, op);
        }
        return () -> {
            bound.all().release();
            if (background != null) {
                background.release();
            }
        };
    }

    private static boolean acquire(Semaphore semaphore, long deadline) {
        try {
            return semaphore.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private SecuconnectUnreachableException refused(Merchant merchant, Lane lane, Operation op) {
        metrics.boundReached(merchant.key(), lane);
        Duration wait = Duration.ofNanos(waitNanos);
        return SecuconnectUnreachableException.notSent(
                merchant.key(),
                op.label(),
                op.label() + " not sent: merchant "
                        + merchant.key() + " has "
                        + merchant.secuconnect().calls().max() + " secuconnect calls in flight"
                        + (lane == Lane.BACKGROUND
                                ? " (or " + merchant.secuconnect().calls().background() + " background calls)"
                                : "")
                        + " and none ended within " + wait.toMillis() + " ms");
    }
}
