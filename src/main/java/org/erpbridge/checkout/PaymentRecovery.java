package org.erpbridge.checkout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.common.DaemonThreads;
import org.erpbridge.common.LogContext;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;
import org.erpbridge.secuconnect.Secuconnect;
import org.erpbridge.secuconnect.SecuconnectException;
import org.erpbridge.secuconnect.model.SmartTransaction;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Finishes payments left mid-way (crash, timeout, outage). Per merchant it claims rows whose lease ran out
 * ({@code FOR UPDATE SKIP LOCKED}, so replicas share the work without overlap), works on up to eight of a
 * claimed batch at a time, and looks before it acts:
 * <ul>
 * <li>RECEIVED / CREATED: nothing of the next call was sent; take the forward step.</li>
 * <li>CREATE_PENDING: the create may have worked; find the Smart Transaction by merchantRef. One: adopt it.
 * None: keep looking (never create a second one) until review-after, then REVIEW. Several: REVIEW.</li>
 * <li>START_PENDING: read the Smart Transaction. {@code ok}: completed, never started again. {@code created}:
 * start it. {@code failed}/{@code cancelled}: failed. Else keep looking until review-after.</li>
 * <li>CANCEL_PENDING: read it. {@code cancelled}: done. {@code ok}: cancel again. Else keep looking.</li>
 * </ul>
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
    private final PaymentProcessor processor;
    private final PaymentCancellation cancellation;
    private final Secuconnect secuconnect;
    private final Clock clock;
    private final Duration reviewAfter;
    private final ExecutorService parallel = Executors.newFixedThreadPool(PARALLEL,
            DaemonThreads.named("payment-recovery"));

    PaymentRecovery(Merchants merchants, PaymentStore store, PaymentProcessor processor, PaymentCancellation cancellation,
            Secuconnect secuconnect, Clock clock, BridgeConfig config) {
        this.merchants = merchants;
        this.store = store;
        this.processor = processor;
        this.cancellation = cancellation;
        this.secuconnect = secuconnect;
        this.clock = clock;
        this.reviewAfter = config.checkout().reviewAfter();
    }

    @Scheduled(identity = "cash-payment-recovery", every = "${bridge.checkout.recovery-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        runPass();
    }

    /** One recovery pass over all merchants, now; returns how many payments it looked at. */
    public int runPass() {
        return runPass(clock.instant());
    }

    /** One pass as if it were {@code now} (tests move time forward to reach grace and review bounds). */
    public int runPass(Instant now) {
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

    private int recoverMerchant(String merchant, Instant now) {
        int handled = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<Long> ids = store.claimStuck(merchant, now, BATCH);
            // several at a time: each mostly waits for secuconnect, and after an outage or an overload hundreds wait
            List<Future<?>> running = ids.stream().map(id -> parallel.submit(LogContext.carrying(() -> {
                // each payment's lines get their own correlation id and its fields, nothing of the one before
                try (LogContext.Scope ignored = LogContext.scope()) {
                    recoverOne(merchant, id, now);
                }
            }))).collect(Collectors.toList());
            awaitAll(running);
            handled += ids.size();
            if (ids.size() < BATCH) {
                break;
            }
        }
        return handled;
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

    private void recoverOne(String merchant, long id, Instant now) {
        LogContext.put(LogContext.CORRELATION_ID, LogContext.newCorrelationId());
        LogContext.payment(merchant, null, null);
        try {
            CashPayment p = store.get(merchant, id);
            LogContext.payment(merchant, p.orderId, p.smartTransactionId);
            recover(p, now);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Recovery of cash payment %d of merchant %s failed; it is retried after its lease", id, merchant);
        }
    }

    private void recover(CashPayment p, Instant now) {
        LOG.infof("Recovering cash payment merchant=%s order=%s attempt=%d state=%s", p.merchant, p.orderId, p.attempt,
                p.state);
        boolean overdue = now.isAfter(p.attemptStartedAt.plus(reviewAfter));
        switch (p.state) {
            case RECEIVED, CREATED -> {
                if (overdue) {
                    store.review(p.merchant, p.id, p.state, "still not booked after " + reviewAfter + ": " + p.lastProblem);
                } else {
                    processor.proceed(p);
                }
            }
            case CREATE_PENDING -> recoverCreate(p, overdue);
            case START_PENDING -> recoverStart(p, overdue);
            case CANCEL_PENDING -> recoverCancel(p, now);
            default -> LOG.debugf("Cash payment %s/%s is %s: nothing to recover", p.merchant, p.orderId, p.state);
        }
    }

    private void recoverCreate(CashPayment p, boolean overdue) {
        PaymentProcessor.Lookup lookup = processor.findCreated(p);
        if (lookup == PaymentProcessor.Lookup.ADOPTED) {
            processor.proceed(p.merchant, p.id);
        } else if (overdue && lookup != PaymentProcessor.Lookup.SEVERAL) {
            store.review(p.merchant, p.id, PaymentState.CREATE_PENDING, "the create may have reached secuconnect, but "
                    + "no Smart Transaction with merchantRef " + p.merchantRef + " was found within " + reviewAfter);
        }
    }

    private void recoverStart(CashPayment p, boolean overdue) {
        SmartTransaction stx = read(p);
        if (stx == null) {
            reviewIfOverdue(p, overdue, "the Smart Transaction could not be read");
            return;
        }
        String status = stx.status();
        if ("created".equals(status)) {
            // the start never took effect: start it (once, through CREATED -> START_PENDING)
            CashPayment created = store.transition(p.merchant, p.id, PaymentState.START_PENDING, PaymentState.CREATED,
                    "start/cash had not taken effect");
            if (created != null) {
                processor.proceed(created);
            }
        } else if ("ok".equals(status) || "failed".equals(status) || "cancelled".equals(status)) {
            processor.settleStarted(p, stx);
        } else {
            reviewIfOverdue(p, overdue, "the Smart Transaction stays in status " + status);
        }
    }

    private void recoverCancel(CashPayment p, Instant now) {
        boolean overdue = p.cancelRequestedAt != null && now.isAfter(p.cancelRequestedAt.plus(reviewAfter));
        SmartTransaction stx = read(p);
        if (stx == null) {
            reviewIfOverdue(p, overdue, "the Smart Transaction could not be read to finish the cancel");
        } else if ("cancelled".equals(stx.status())) {
            store.cancelled(p.merchant, p.id, stx);
        } else if ("ok".equals(stx.status())) {
            cancellation.sendCancel(p, true);
        } else {
            reviewIfOverdue(p, overdue, "cancel pending, the Smart Transaction is in status " + stx.status());
        }
    }

    private SmartTransaction read(CashPayment p) {
        try {
            return secuconnect.getSmartTransaction(p.merchant, p.smartTransactionId);
        } catch (SecuconnectException e) {
            store.noteProblem(p.merchant, p.id, SecuconnectProblems.describe("read Smart Transaction", e));
            return null;
        }
    }

    private void reviewIfOverdue(CashPayment p, boolean overdue, String reason) {
        if (overdue) {
            store.review(p.merchant, p.id, p.state, reason + " (for longer than " + reviewAfter + ")");
        } else {
            store.noteProblem(p.merchant, p.id, reason);
        }
    }
}
