package org.erpbridge.checkout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.erpbridge.common.DaemonThreads;
import org.erpbridge.common.LogContext;
import org.erpbridge.merchant.BridgeConfig;

import io.quarkus.runtime.ShutdownEvent;
import org.jboss.logging.Logger;

/**
 * Runs payment processing off the request thread, so a request can stop waiting after sync-wait (202) while
 * the payment carries on. The threads are the workers' own, not Quarkus' worker pool: the request threads that
 * wait here come from that pool, and when all of them waited, the work they waited for got no thread until
 * sync-wait ran out. No request context is propagated: the work outlives the request; only the log context
 * (correlation id, merchant, order) goes along. Whatever a crash cuts off here, the persisted state and recovery
 * finish.
 * <p>
 * Shutdown: Quarkus first lets HTTP requests in flight finish (quarkus.shutdown.timeout), then this executor
 * stops taking work and gives the payments still running {@code bridge.checkout.shutdown-wait} to finish. Those
 * still running then are interrupted: each step is its own transaction, so a payment is left in the state it
 * last committed (a {@code *_PENDING} state with its lease when a call was under way) and recovery takes it.
 */
@ApplicationScoped
class CheckoutWorkers {
    private static final Logger LOG = Logger.getLogger(CheckoutWorkers.class);
    /** After interrupting, how long the interrupted tasks get to record where they stopped. */
    private static final Duration AFTER_INTERRUPT = Duration.ofSeconds(2);

    /** Payments waiting for a worker; beyond this they are left to recovery (their state is already stored). */
    private static final int MAX_QUEUED = 1000;

    private final ExecutorService executor;
    private final AtomicInteger running = new AtomicInteger();
    private final Duration shutdownWait;

    CheckoutWorkers(BridgeConfig config) {
        this.shutdownWait = config.checkout().shutdownWait();
        this.executor = newExecutor(config.checkout().workers());
    }

    private static ExecutorService newExecutor(int workers) {
        if (workers < 1) {
            throw new IllegalStateException("bridge.checkout.workers must be at least 1, was " + workers);
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                workers,
                workers,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED),
                DaemonThreads.named("checkout-worker"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Runs the task and waits for it at most {@code wait}; the task keeps running afterwards. Returns the task's
     * result when it finished in time, else null (also when it failed or could not start).
     */
    <T> T callWaiting(String description, Supplier<T> task, Duration wait) {
        Future<T> future;
        try {
            future = executor.submit(LogContext.carrying(() -> {
                running.incrementAndGet();
                try {
                    return task.get();
                } catch (RuntimeException e) {
                    // the state stays as persisted; recovery takes over once the lease runs out
                    LOG.errorf(e, "Processing %s stopped unexpectedly; recovery will continue it", description);
                    return null;
                } finally {
                    running.decrementAndGet();
                }
            }));
        } catch (RejectedExecutionException e) {
            LOG.warnf(
                    "Processing %s not started now (workers busy or shutting down); recovery will do it", description);
            return null;
        }
        try {
            return future.get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.debugf("Processing %s takes longer than %s; answering without waiting", description, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.errorf(e.getCause(), "Processing %s failed", description);
        }
        return null;
    }

    /** Runs after the HTTP server has drained, while the database is still there. */
    void drain(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        executor.shutdown();
        int busy = running.get();
        if (busy > 0) {
            LOG.infof("Shutting down: waiting up to %s for %d cash payments still being processed", shutdownWait, busy);
        }
        try {
            if (executor.awaitTermination(shutdownWait.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            int interrupted = running.get();
            List<Runnable> notStarted = executor.shutdownNow();
            LOG.warnf(
                    "Shutting down with %d cash payments still being processed after %s (interrupted) and %d not "
                            + "started; they stay in their last committed state and recovery finishes them",
                    interrupted, shutdownWait, notStarted.size());
            executor.awaitTermination(AFTER_INTERRUPT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
