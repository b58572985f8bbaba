package org.erpbridge.checkout;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * Runs payment processing off the request thread, so a request can stop waiting after sync-wait (202) while
 * the payment carries on. No request context is propagated: the work outlives the request. Whatever a crash
 * cuts off here, the persisted state and recovery finish.
 * <p>
 * The threads are the workers' own, not Quarkus' worker pool: the request threads that wait here come from that
 * pool, and when all of them were waiting, the work they waited for could not get a thread until sync-wait ran
 * out (under load every payment answered 202 after 10 s, about 20 per second at most).
 */
@ApplicationScoped
class CheckoutWorkers {
    private static final Logger LOG = Logger.getLogger(CheckoutWorkers.class);
    private static final int MAX_CONCURRENT = 32;
    /** Payments waiting for a worker; beyond this they are left to recovery (their state is already stored). */
    private static final int MAX_QUEUED = 1000;

    private final ExecutorService executor = newExecutor();

    private static ExecutorService newExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_CONCURRENT, MAX_CONCURRENT, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED), r -> {
                    Thread t = new Thread(r, "checkout-worker-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

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
