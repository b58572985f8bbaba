package org.erpbridge.secuconnect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One merchant's circuit breaker. Closed: calls pass and their outcomes fill a rolling window; when the window
 * is full and the failure share reaches the ratio it opens. Open: calls fail fast for {@code delay}. Then
 * half-open: at most {@code volume} trial calls pass; {@code successThreshold} successes close it, and failures
 * reaching the ratio of the window open it again. One failed trial is not enough: after an outage of some calls
 * only (a burst of timeouts), secuconnect answers most calls again, and reopening on the first failure would keep
 * every payment of the merchant waiting for another full delay. A half-open breaker whose trials never report
 * (calls refused after the permit) starts a new round of trials after {@code delay}.
 * Only unreachable and server errors are failures; a rejection proves secuconnect is alive.
 */
final class MerchantCircuitBreaker {
    private enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int volume;
    private final double failureRatio;
    private final Duration delay;
    private final int successThreshold;
    private final Clock clock;

    private final boolean[] window;
    private int windowSize;
    private int windowNext;
    private int failuresInWindow;
    private State state = State.CLOSED;
    private Instant openedAt;
    private Instant trialsSince;
    private int trialsIssued;
    private int trialSuccesses;
    private int trialFailures;

    MerchantCircuitBreaker(int volume, double failureRatio, Duration delay, int successThreshold, Clock clock) {
        this.volume = Math.max(1, volume);
        this.failureRatio = failureRatio;
        this.delay = delay;
        this.successThreshold = Math.max(1, successThreshold);
        this.clock = clock;
        this.window = new boolean[this.volume];
    }

    /**
     * False while open (fail fast) and once a half-open breaker has issued its trials; moves an open breaker whose
     * delay has passed to half-open.
     */
    synchronized boolean allowsCall() {
        Instant now = clock.instant();
        if (state == State.OPEN && !now.isBefore(openedAt.plus(delay))
                || state == State.HALF_OPEN && !now.isBefore(trialsSince.plus(delay))) {
            halfOpen(now);
        }
        if (state == State.HALF_OPEN) {
            if (trialsIssued >= volume) {
                return false;
            }
            trialsIssued++;
            return true;
        }
        return state == State.CLOSED;
    }

    /** When an open breaker lets trial calls through; now when it is not open. */
    synchronized Instant trialsFrom() {
        return state == State.OPEN ? openedAt.plus(delay) : clock.instant();
    }

    synchronized boolean isOpen() {
        return state == State.OPEN;
    }

    synchronized void recordSuccess() {
        if (state == State.HALF_OPEN) {
            if (++trialSuccesses >= successThreshold) {
                close();
            }
            return;
        }
        record(false);
    }

    synchronized void recordFailure() {
        if (state == State.HALF_OPEN) {
            if (++trialFailures >= failureRatio * volume) {
                open();
            }
            return;
        }
        record(true);
        if (state == State.CLOSED && windowSize == volume && failuresInWindow >= failureRatio * volume) {
            open();
        }
    }

    synchronized void reset() {
        close();
    }

    private void record(boolean failure) {
        if (windowSize == volume && window[windowNext]) {
            failuresInWindow--;
        }
        window[windowNext] = failure;
        if (failure) {
            failuresInWindow++;
        }
        windowNext = (windowNext + 1) % volume;
        windowSize = Math.min(volume, windowSize + 1);
    }

    private void halfOpen(Instant now) {
        state = State.HALF_OPEN;
        trialsSince = now;
        trialsIssued = 0;
        trialSuccesses = 0;
        trialFailures = 0;
    }

    private void open() {
        state = State.OPEN;
        openedAt = clock.instant();
    }

    private void close() {
        state = State.CLOSED;
        windowSize = 0;
        windowNext = 0;
        failuresInWindow = 0;
    }
}
