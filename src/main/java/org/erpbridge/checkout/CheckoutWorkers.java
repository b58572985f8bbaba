package org.erpbridge.checkout;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

/**
 * Runs payment processing off the request thread, so a request can stop waiting after sync-wait (202) while
 * the payment carries on. No request context is propagated: the work outlives the request. Whatever a crash
 * cuts off here, the persisted state and recovery finish.
 */
@ApplicationScoped
class CheckoutWorkers {
    private static final Logger LOG = Logger.getLogger(CheckoutWorkers.class);
    private static final int MAX_CONCURRENT = 32;

    private final ManagedExecutor executor = ManagedExecutor.builder()
            .maxAsync(MAX_CONCURRENT)
            .propagated(ThreadContext.NONE)
            .cleared(ThreadContext.ALL_REMAINING)
            .build();

    /** Runs the task and waits for it at most {@code wait}; the task keeps running afterwards. */
    void runWaiting(String description, Runnable task, Duration wait) {
        Future<?> future;
        try {
            future = executor.submit(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // the state stays as persisted; recovery takes over once the lease runs out
                    LOG.errorf(e, "Processing %s stopped unexpectedly; recovery will continue it", description);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warnf("Processing %s not started now (workers busy); recovery will do it", description);
            return;
        }
        try {
            future.get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.debugf("Processing %s takes longer than %s; answering without waiting", description, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.errorf(e.getCause(), "Processing %s failed", description);
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdown();
    }
}
