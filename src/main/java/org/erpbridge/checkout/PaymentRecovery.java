package org.erpbridge.checkout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.erpbridge.common.DaemonThreads;
import org.erpbridge.common.LogContext;
import org.erpbridge.common.Periodic;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * Finishes payments left mid-way (crash, timeout, outage). Per merchant it claims rows whose lease ran out
 * ({@code FOR UPDATE SKIP LOCKED}, so replicas share the work without overlap; the claim bumps each row's version,
 * so the worker that held it can write nothing more), works on up to eight of a claimed batch at a time, and hands
 * each to {@link PaymentLifecycle#resume} (booking) or {@link PaymentCancellation#resume} (cancel), which look before
 * they act. Each batch is claimed with the time of its own claim, so the leases of a long pass's later batches are
 * as long as the first one's.
 */
@ApplicationScoped
public class PaymentRecovery {
    private static final Logger LOG = Logger.getLogger(PaymentRecovery.class);
    private static final int BATCH = 50;
    private static final int MAX_BATCHES = 20;
    /** Payments recovered at the same time within a claimed batch. */
    private static final int PARALLEL = 8;

    private final Merchants merchants;
    private final PaymentStore store;
    private final PaymentLifecycle lifecycle;
    private final PaymentCancellation cancellation;
    private final Clock clock;
    private final ExecutorService parallel =
            Executors.newFixedThreadPool(PARALLEL, DaemonThreads.named("payment-recovery"));
    private final Duration interval;
    private Periodic schedule;

    PaymentRecovery(
            Merchants merchants,
            PaymentStore store,
            PaymentLifecycle lifecycle,
            PaymentCancellation cancellation,
            Clock clock,
            BridgeConfig config) {
        this.interval = config.checkout().recoveryInterval();
        this.merchants = merchants;
        this.store = store;
        this.lifecycle = lifecycle;
        this.cancellation = cancellation;
        this.clock = clock;
    }

    /**
     * Every replica runs its own passes on a thread of its own: the claims keep replicas apart, and a pass never
     * waits for a Quartz thread that a long card sync or reconciliation holds.
     */
    void start(@Observes StartupEvent start) {
        schedule = Periodic.every("payment-recovery-pass", interval, interval, this::runPass);
    }

    void stopScheduling(@Observes ShutdownEvent stop) {
        if (schedule != null) {
            schedule.close();
        }
    }

    /** One recovery pass over all merchants, now; returns how many payments it looked at. */
    public int runPass() {
        return runPass(clock::instant);
    }

    /** One pass as if it started at {@code at} (tests move time forward to reach grace and review bounds). */
    public int runPass(Instant at) {
        Duration shift = Duration.between(clock.instant(), at);
        return runPass(() -> clock.instant().plus(shift));
    }

    private int runPass(Supplier<Instant> now) {
        int handled = 0;
        for (Merchant merchant : merchants.all()) {
            try {
                handled += recoverMerchant(merchant.key(), now);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Cash payment recovery for merchant %s failed; next pass retries", merchant.key());
            }
        }
        return handled;
    }

    private int recoverMerchant(String merchant, Supplier<Instant> now) {
        int handled = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            Instant claimedAt = now.get();
            List<CashPayment> claimed = store.claim(merchant, claimedAt, BATCH);
            // several at a time: each mostly waits for secuconnect, and after an outage or an overload hundreds wait
            List<Future<?>> running = new ArrayList<>();
            for (CashPayment p : claimed) {
                running.add(parallel.submit(LogContext.carrying(() -> {
                    // each payment's lines get their own correlation id and its fields, nothing of the one before
                    try (LogContext.Scope ignored = LogContext.scope()) {
                        recoverOne(p, claimedAt);
                    }
                })));
            }
            awaitAll(running);
            handled += claimed.size();
            if (claimed.size() < BATCH) {
                break;
            }
        }
        return handled;
    }

    private void recoverOne(CashPayment p, Instant now) {
        LogContext.put(LogContext.CORRELATION_ID, LogContext.newCorrelationId());
        LogContext.payment(p.merchant, p.orderId, p.smartTransactionId);
        LOG.infof(
                "Recovering cash payment merchant=%s order=%s attempt=%d state=%s",
                p.merchant, p.orderId, p.attempt, p.state);
        try {
            if (p.state == PaymentState.CANCEL_PENDING) {
                cancellation.resume(p, now);
            } else {
                lifecycle.resume(p, now);
            }
        } catch (RuntimeException e) {
            LOG.errorf(
                    e, "Recovery of cash payment %s/%s failed; it is retried after its lease", p.merchant, p.orderId);
        }
    }

    private static void awaitAll(List<Future<?>> running) {
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                LOG.errorf(e.getCause(), "Recovery of a cash payment failed; it is retried after its lease");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @PreDestroy
    void stop() {
        parallel.shutdownNow();
    }
}
