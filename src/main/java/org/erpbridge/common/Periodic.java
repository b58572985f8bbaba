package org.erpbridge.common;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * A task run on a thread of its own every {@code interval}, with a fixed delay between the end of one run and the
 * start of the next, so runs never overlap. For the replica-local loops (payment recovery, outbox delivery, gauges)
 * that must keep running while long card syncs and reconciliations occupy Quartz's shared threads; whatever needs
 * to happen once across the cluster stays in Quartz, these loops are safe on every replica because they claim rows.
 */
public final class Periodic implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Periodic.class);

    private final ScheduledExecutorService executor;

    private Periodic(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Starts {@code task} after {@code initialDelay}, then every {@code interval} after each run ends. */
    public static Periodic every(String name, Duration initialDelay, Duration interval, Runnable task) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(name + ": the interval must be positive, was " + interval);
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name));
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        // an exception would cancel every later run
                        LOG.warnf(e, "%s failed; the next run retries", name);
                    }
                },
                Math.max(0, initialDelay.toMillis()),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return new Periodic(executor);
    }

    /** No further runs; a run under way finishes (its thread is a daemon and never holds the JVM open). */
    @Override
    public void close() {
        executor.shutdown();
    }
}
