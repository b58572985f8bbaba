package org.erpbridge.checkout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.carddata.CardVault;
import org.erpbridge.common.LogContext;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.secuconnect.Secuconnect;
import org.erpbridge.secuconnect.SecuconnectException;
import org.erpbridge.secuconnect.SecuconnectRejectedException;
import org.erpbridge.secuconnect.SecuconnectServerException;
import org.erpbridge.secuconnect.SecuconnectUnreachableException;
import org.erpbridge.secuconnect.SendWindow;
import org.erpbridge.secuconnect.model.ListQuery;
import org.erpbridge.secuconnect.model.MerchantCard;
import org.erpbridge.secuconnect.model.SmartTransaction;
import org.erpbridge.secuconnect.model.StxStatus;

import org.jboss.logging.Logger;

/**
 * The booking of a cash payment: turns each secuconnect outcome into one declared {@link PaymentState} transition.
 * Read top-down, the happy path is {@link #drive}: RECEIVED -> CREATE_PENDING (create sent) -> START_PENDING (id
 * stored, start/cash sent) -> COMPLETED. Rules that keep money safe:
 * <ul>
 * <li>the intent is committed before each call, so a crash leaves a {@code *_PENDING} state that says what to look up;</li>
 * <li>every transition is a compare-and-set on the row's version: a worker whose lease recovery took over writes nothing;</li>
 * <li>nothing is sent whose answer could arrive after the worker's lease minus the settle time ({@link SendWindow});</li>
 * <li>money moves only at start/cash: a create whose answer was lost is looked up by merchantRef after the settle
 * time and sent again (same merchantRef) when none exists; duplicates found are aborted, never started;</li>
 * <li>a start/cash that was refused, or whose answer was lost, is never concluded without reading the Smart
 * Transaction.</li>
 * </ul>
 * Recovery calls {@link #resume} for payments whose lease ran out; the worker of a request calls {@link #drive}.
 */
@ApplicationScoped
class PaymentLifecycle {
    private static final Logger LOG = Logger.getLogger(PaymentLifecycle.class);
    static final String CASH = "cash";
    private static final int MAX_STEPS = 16;
    /** A 429's Retry-After up to this long is waited for by the worker itself; a longer one is left to recovery. */
    private static final Duration INLINE_RETRY_AFTER = Duration.ofSeconds(5);

    private final Secuconnect secuconnect;
    private final PaymentStore store;
    private final PaymentEvents events;
    private final Clock clock;
    private final Duration settle;
    private final Duration retryAfterCap;
    private final Duration reviewAfter;
    private final int createTries;
    private final CardVault vault;

    PaymentLifecycle(
            Secuconnect secuconnect,
            PaymentStore store,
            PaymentEvents events,
            Clock clock,
            BridgeConfig config,
            CardVault vault) {
        this.secuconnect = secuconnect;
        this.vault = vault;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.settle = config.checkout().settleTime();
        this.retryAfterCap = config.checkout().retryAfterCap();
        this.reviewAfter = config.checkout().reviewAfter();
        this.createTries = Math.max(1, config.checkout().createTries());
    }

    /** What a step left: the committed payment to go on with, or stop (settled, lost to another worker, or waiting). */
    private record Step(CashPayment next) {
        static final Step STOP = new Step(null);
    }

    /**
     * Takes every forward step that is safe now from the payment as last committed (RECEIVED or CREATED for a
     * worker). Returns the payment when this call settled it (so the request needs no second read), else null.
     */
    PaymentSnapshot drive(CashPayment payment) {
        return run(payment, null);
    }

    /** Recovery: the payment was claimed (its lease had run out) at {@code now}; looks before it acts. */
    PaymentSnapshot resume(CashPayment payment, Instant now) {
        return run(payment, now);
    }

    private PaymentSnapshot run(CashPayment payment, Instant recoveringAt) {
        CashPayment p = payment;
        for (int step = 0; step < MAX_STEPS; step++) {
            LogContext.payment(p.merchant, p.orderId, p.smartTransactionId);
            if (!p.state.inFlight()) {
                return PaymentSnapshot.of(p);
            }
            if (recoveringAt != null
                    && overdue(p, recoveringAt)
                    && (p.state == PaymentState.RECEIVED || p.state == PaymentState.CREATED)) {
                return settledOrNull(review(p, "still not booked after " + reviewAfter + ": " + p.lastProblem));
            }
            Step next = switch (p.state) {
                case RECEIVED -> create(p);
                case CREATE_PENDING -> lookUp(p, recoveringAt);
                case CREATED -> start(p);
                case START_PENDING -> readStarted(p, recoveringAt);
                default -> Step.STOP;
            };
            if (next.next() == null) {
                return null;
            }
            p = next.next();
        }
        return null;
    }

    // ---- create --------------------------------------------------------------------------------------------------

    /**
     * A new payment stored directly in CREATE_PENDING (one commit for "received" and "create pending"): sends its
     * create now and goes on.
     */
    PaymentSnapshot driveNew(CashPayment inserted) {
        Step first = sendCreate(inserted);
        return first.next() == null ? null : run(first.next(), null);
    }

    private Step create(CashPayment received) {
        CashPayment p = move(received, PaymentState.CREATE_PENDING, x -> {});
        return p == null ? Step.STOP : sendCreate(p);
    }

    /** Sends the create of a payment whose CREATE_PENDING is committed. */
    private Step sendCreate(CashPayment p) {
        SmartTransaction stx;
        try {
            stx = secuconnect.createSmartTransaction(
                    p.merchant, SmartTransactionRequests.of(p.request(vault), p.merchantRef), window(p));
        } catch (SecuconnectRejectedException e) {
            return failed(p, Refusal.of(e), "secuconnect refused the Smart Transaction", null);
        } catch (SecuconnectException e) {
            return createNotDone(p, e);
        }
        if (stx.id() == null || stx.id().isBlank()) {
            store.noteProblem(p, "create: secuconnect answered without a Smart Transaction id");
            return afterSettle(p);
        }
        LogContext.put(LogContext.STX, stx.id());
        // the id and the intent to start are committed together, before start/cash is sent
        CashPayment starting = move(p, PaymentState.START_PENDING, x -> {
            x.smartTransactionId = stx.id();
            x.stxStatus = stx.status();
            x.lastProblem = null;
        });
        return starting == null ? Step.STOP : sendStart(starting);
    }

    /**
     * The create failed without a Smart Transaction id. Rate limited (429) or certainly not sent: back to RECEIVED,
     * to be sent again. Outcome unknown (5xx, timeout, reset, unreadable): it may exist; look it up after the settle time.
     */
    private Step createNotDone(CashPayment p, SecuconnectException e) {
        Step notExecuted = backIfNotExecuted(p, PaymentState.RECEIVED, "create", e);
        return notExecuted != null ? notExecuted : afterSettle(p);
    }

    /**
     * A call that secuconnect certainly did not execute (429, or never sent: unreachable, open breaker, no time left
     * in the lease) moves the payment {@code back} to be sent again; null when the outcome is unknown (the problem is
     * noted and the caller decides how to look it up).
     */
    private Step backIfNotExecuted(CashPayment p, PaymentState back, String step, SecuconnectException e) {
        String problem = SecuconnectProblems.describe(step, e);
        if (e instanceof SecuconnectServerException s && s.rateLimited()) {
            return notExecuted(p, back, problem, retryAfter(s));
        }
        if (!e.outcomeUnknown()) {
            move(p, back, x -> x.lastProblem = Bookings.problemText(problem), untilBreakerTrials(e), null);
            return Step.STOP; // recovery sends it again after the lease
        }
        store.noteProblem(p, problem);
        return null;
    }

    /** Waits the settle time when the lease allows it and goes on (to the lookup); otherwise recovery does it later. */
    private Step afterSettle(CashPayment p) {
        if (!window(p).admits(clock.instant().plus(settle), Duration.ZERO) || !pause(settle)) {
            return Step.STOP;
        }
        return new Step(p);
    }

    /**
     * CREATE_PENDING: the create may have made a Smart Transaction. Find it by the attempt's merchantRef. None: create
     * again with the same merchantRef (money moves only at start/cash), up to create-tries, then REVIEW. One or more:
     * keep one (the one already booked, else the oldest), abort the others, never start them.
     */
    private Step lookUp(CashPayment p, Instant recoveringAt) {
        List<SmartTransaction> found;
        try {
            found = secuconnect
                    .listSmartTransactions(
                            p.merchant,
                            new ListQuery(10, 0, null, "merchantRef:\"" + p.merchantRef + "\"", null),
                            window(p))
                    .items()
                    .stream()
                    .filter(stx -> stx != null && p.merchantRef.equals(stx.merchantRef()) && stx.id() != null)
                    .toList();
        } catch (SecuconnectException e) {
            return undecided(p, recoveringAt, SecuconnectProblems.describe("lookup by merchantRef", e));
        }
        if (found.isEmpty()) {
            int tries = p.createTries + 1;
            if (tries >= createTries) {
                return settledStep(review(
                        p,
                        "no Smart Transaction with merchantRef " + p.merchantRef + " after " + tries
                                + " creates whose answers were lost"));
            }
            CashPayment again = move(p, PaymentState.RECEIVED, x -> {
                x.createTries = tries;
                x.lastProblem = "no Smart Transaction with merchantRef " + x.merchantRef + " found: creating it again";
            });
            return again == null ? Step.STOP : new Step(again);
        }
        List<SmartTransaction> booked =
                found.stream().filter(stx -> stx.state().captured()).toList();
        if (booked.size() > 1) {
            return settledStep(
                    review(p, booked.size() + " booked Smart Transactions carry merchantRef " + p.merchantRef));
        }
        SmartTransaction kept = booked.isEmpty()
                ? found.stream()
                        .min(Comparator.comparing((SmartTransaction s) -> Objects.requireNonNullElse(s.created(), ""))
                                .thenComparing(SmartTransaction::id))
                        .orElseThrow()
                : booked.get(0);
        found.stream().filter(stx -> stx != kept).forEach(stx -> abortDuplicate(p, stx));
        LogContext.put(LogContext.STX, kept.id());
        LOG.infof(
                "Cash payment merchant=%s order=%s: adopted Smart Transaction %s found by merchantRef (%d found)",
                p.merchant, p.orderId, kept.id(), found.size());
        CashPayment adopted = move(p, PaymentState.CREATED, x -> {
            x.smartTransactionId = kept.id();
            x.stxStatus = kept.status();
            x.lastProblem = null;
        });
        if (adopted == null || kept.state() == StxStatus.CREATED) {
            return adopted == null ? Step.STOP : new Step(adopted);
        }
        // already past created (started by an earlier attempt of ours): never start again, settle from what it says
        CashPayment started = move(adopted, PaymentState.START_PENDING, x -> {});
        return started == null ? Step.STOP : settleStarted(started, kept);
    }

    /** A second Smart Transaction of the same merchantRef that was never started: abandon it so nothing can book it. */
    private void abortDuplicate(CashPayment p, SmartTransaction duplicate) {
        if (duplicate.state() != StxStatus.CREATED) {
            return; // aborted already, or failed: nothing can book it
        }
        try {
            secuconnect.abortSmartTransaction(p.merchant, duplicate.id(), window(p));
            LOG.infof(
                    "Cash payment merchant=%s order=%s: aborted duplicate Smart Transaction %s",
                    p.merchant, p.orderId, duplicate.id());
        } catch (SecuconnectException e) {
            // it stays unstarted; reconciliation shows an unstarted leftover of an order without money
            LOG.warnf(
                    "Cash payment merchant=%s order=%s: abort of duplicate Smart Transaction %s failed: %s",
                    p.merchant, p.orderId, duplicate.id(), e.getMessage());
        }
    }

    // ---- start ---------------------------------------------------------------------------------------------------

    private Step start(CashPayment created) {
        CashPayment p = move(created, PaymentState.START_PENDING, x -> {});
        return p == null ? Step.STOP : sendStart(p);
    }

    /** Sends start/cash for a payment whose START_PENDING is committed. */
    private Step sendStart(CashPayment p) {
        SmartTransaction stx;
        try {
            stx = secuconnect.startSmartTransaction(p.merchant, p.smartTransactionId, CASH, window(p));
        } catch (SecuconnectRejectedException e) {
            return startRefused(p, e);
        } catch (SecuconnectException e) {
            Step notExecuted = backIfNotExecuted(p, PaymentState.CREATED, "start/cash", e);
            return notExecuted != null ? notExecuted : Step.STOP; // unknown: recovery reads it once the lease ran out
        }
        return settleStarted(p, stx);
    }

    /**
     * secuconnect refused start/cash. The refusal alone does not prove that nothing was booked (an earlier start may
     * have worked): read the Smart Transaction and decide from its status.
     */
    private Step startRefused(CashPayment p, SecuconnectRejectedException e) {
        String refusal = "secuconnect refused start/cash of " + p.smartTransactionId + " (" + e.error() + ", code "
                + e.code() + ")";
        SmartTransaction stx;
        try {
            stx = secuconnect.getSmartTransaction(p.merchant, p.smartTransactionId, window(p));
        } catch (SecuconnectException read) {
            store.noteProblem(p, refusal + "; reading the Smart Transaction failed, recovery reads it later");
            return Step.STOP;
        }
        StxStatus status = stx.state();
        if (status.captured() || status.bookedNothing()) {
            return settleStarted(p, stx);
        }
        if (status == StxStatus.CREATED) {
            // provably not started: failed with nothing booked; abort it, so a resend's new transaction is the only one
            Step failed = failed(p, Refusal.of(e), refusal, status.wire());
            abortDuplicate(p, stx);
            return failed;
        }
        store.noteProblem(p, refusal + "; the Smart Transaction is in status " + stx.status());
        return Step.STOP;
    }

    /** START_PENDING after the lease ran out: read the Smart Transaction before anything else. */
    private Step readStarted(CashPayment p, Instant recoveringAt) {
        if (recoveringAt == null) {
            return Step.STOP; // a worker never re-reads its own start: recovery does once the lease has run out
        }
        SmartTransaction stx;
        try {
            stx = secuconnect.getSmartTransaction(p.merchant, p.smartTransactionId, window(p));
        } catch (SecuconnectException e) {
            return undecided(p, recoveringAt, SecuconnectProblems.describe("read Smart Transaction", e));
        }
        if (stx.state() == StxStatus.CREATED) {
            // the lease has run out, so no start of ours is still on its way: it never took effect, start it
            CashPayment created = move(p, PaymentState.CREATED, x -> x.lastProblem = "start/cash had not taken effect");
            return created == null ? Step.STOP : new Step(created);
        }
        if (stx.state().captured() || stx.state().bookedNothing()) {
            return settleStarted(p, stx);
        }
        return undecided(p, recoveringAt, "the Smart Transaction stays in status " + stx.status());
    }

    /**
     * What secuconnect reports for a started (or possibly started) Smart Transaction: captured is booked;
     * failed/cancelled/aborted booked nothing; anything else stays pending for recovery.
     */
    private Step settleStarted(CashPayment p, SmartTransaction stx) {
        StxStatus status = stx.state();
        if (status.captured()) {
            MerchantCard card = p.cardMasked == null ? null : stx.merchantCard().orElse(null);
            return settledStep(move(
                    p,
                    PaymentState.COMPLETED,
                    x -> {
                        Bookings.apply(x, stx);
                        x.lastProblem = null;
                    },
                    null,
                    card));
        }
        if (status.bookedNothing()) {
            return failed(
                    p, Refusal.NONE, "secuconnect reports the Smart Transaction as " + stx.status(), stx.status());
        }
        store.noteProblem(p, "start/cash: Smart Transaction status is " + stx.status() + ", not ok yet");
        return Step.STOP;
    }

    // ---- outcomes ------------------------------------------------------------------------------------------------

    /** Failed for good with nothing booked: the ERP may send the order again (a new attempt). */
    private Step failed(CashPayment p, Refusal refusal, String detail, String stxStatus) {
        return settledStep(move(p, PaymentState.FAILED, x -> {
            x.nothingBooked = true;
            x.errorCode = Bookings.clip(refusal.code(), 64);
            x.errorName = Bookings.clip(refusal.error(), 255);
            x.errorDetails = Bookings.clip(refusal.details(), 2000);
            x.errorUser = Bookings.clip(refusal.userMessage(), 2000);
            x.supportId = Bookings.clip(refusal.supportId(), 255);
            x.stxStatus = stxStatus != null ? stxStatus : x.stxStatus;
            x.lastProblem = Bookings.problemText(detail);
        }));
    }

    /** The bridge cannot decide safely: REVIEW, and the ERP and the operators are told. */
    CashPayment review(CashPayment p, String reason) {
        return move(p, PaymentState.REVIEW, x -> x.lastProblem = Bookings.problemText(reason));
    }

    /** Recovery could not decide now: review once review-after has passed, else note why and try again later. */
    private Step undecided(CashPayment p, Instant recoveringAt, String reason) {
        if (recoveringAt != null && overdue(p, recoveringAt)) {
            return settledStep(review(p, reason + " (for longer than " + reviewAfter + ")"));
        }
        store.noteProblem(p, reason);
        return Step.STOP;
    }

    /**
     * secuconnect refused the call before executing it (429). A short Retry-After is waited for here; a longer one
     * becomes the lease, so recovery sends it again when secuconnect asked for.
     */
    private Step notExecuted(CashPayment p, PaymentState back, String problem, Duration wait) {
        boolean inline = wait.compareTo(INLINE_RETRY_AFTER) <= 0;
        CashPayment again =
                move(p, back, x -> x.lastProblem = Bookings.problemText(problem), inline ? null : wait, null);
        if (again == null || !inline || !pause(wait)) {
            return Step.STOP;
        }
        return new Step(again);
    }

    /**
     * Refused by the merchant's open circuit breaker: the lease ends when the breaker lets trial calls through, so
     * recovery sends it again then rather than a full lease later. Null (the usual lease) for other refusals.
     */
    private Duration untilBreakerTrials(SecuconnectException e) {
        if (e instanceof SecuconnectUnreachableException u
                && u.breakerTrialsFrom().isPresent()) {
            Duration wait =
                    Duration.between(clock.instant(), u.breakerTrialsFrom().get());
            return wait.isNegative() ? Duration.ZERO : wait;
        }
        return null;
    }

    private Duration retryAfter(SecuconnectServerException e) {
        Duration asked = e.retryAfter(clock.instant()).orElse(settle);
        return asked.compareTo(retryAfterCap) > 0 ? retryAfterCap : asked;
    }

    // ---- transitions ---------------------------------------------------------------------------------------------

    /** One declared transition of {@code p} (as last committed), changed by {@code change}; null when it lost the race. */
    CashPayment move(CashPayment p, PaymentState to, Consumer<CashPayment> change) {
        return move(p, to, change, null, null);
    }

    private CashPayment move(
            CashPayment p, PaymentState to, Consumer<CashPayment> change, Duration leaseFor, MerchantCard card) {
        PaymentState from = p.state;
        long version = p.version;
        p.state = to;
        change.accept(p);
        PaymentStore.Committed committed =
                store.commit(p, from, version, PaymentEvents.eventFor(from, to), leaseFor, card);
        if (committed == PaymentStore.Committed.LOST) {
            LOG.debugf(
                    "Cash payment %s/%s moved on since version %d: %s -> %s skipped",
                    p.merchant, p.orderId, version, from, to);
            return null;
        }
        events.committed(from, p, committed == PaymentStore.Committed.WRITTEN_NEW_CARD ? card : null);
        return p;
    }

    /** A resend of a payment that failed with nothing booked: attempt n+1 with the (possibly corrected) request. */
    CashPayment restart(CashPayment failed, ValidatedPayment request) {
        long version = failed.version;
        CashPayment p = failed;
        p.state = PaymentState.RECEIVED;
        p.attempt++;
        p.clearOutcome();
        p.takeRequest(request, vault);
        if (!store.commitNewAttempt(p, version)) {
            return null;
        }
        events.committed(PaymentState.FAILED, p, null);
        LOG.infof("Cash payment sent again: merchant=%s order=%s attempt=%d", p.merchant, p.orderId, p.attempt);
        return p;
    }

    /** Sends must be answered before the lease ends, with the settle time to spare. */
    SendWindow window(CashPayment p) {
        return new SendWindow(p.leaseUntil.minus(settle));
    }

    private boolean overdue(CashPayment p, Instant now) {
        return now.isAfter(p.attemptStartedAt.plus(reviewAfter));
    }

    private static Step settledStep(CashPayment settled) {
        return settled == null ? Step.STOP : new Step(settled);
    }

    private static PaymentSnapshot settledOrNull(CashPayment settled) {
        return settled == null ? null : PaymentSnapshot.of(settled);
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(Math.max(0, d.toMillis()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
