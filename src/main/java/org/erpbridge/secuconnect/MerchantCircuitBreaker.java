package org.erpbridge.secuconnect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One merchant's circuit breaker. Closed: calls pass and their outcomes fill a rolling window; when the window
 * is full and the failure share reaches the ratio it opens. Open: calls fail fast for {@code delay}. Then
 * half-open: calls pass; {@code successThreshold} successes close it, one failure opens it again.
 * Only unreachable and server errors are failures; a rejection proves secuconnect is alive.
 */
final class MerchantCircuitBreaker {
    private enum State { CLOSED, OPEN, HALF_OPEN }

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
    private int halfOpenSuccesses;

    MerchantCircuitBreaker(int volume, double failureRatio, Duration delay, int successThreshold, Clock clock) {
        this.volume = Math.max(1, volume);
        this.failureRatio = failureRatio;
        this.delay = delay;
        this.successThreshold = Math.max(1, successThreshold);
        this.clock = clock;
        this.window = new boolean[this.volume];
    }

    /** False while open (fail fast); moves an open breaker whose delay has passed to half-open. */
    synchronized boolean allowsCall() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(delay))) {
            state = State.HALF_OPEN;
            halfOpenSuccesses = 0;
        }
        return state != State.OPEN;
    }

    synchronized boolean isOpen() {
        return state == State.OPEN;
    }

    synchronized void recordSuccess() {
        if (state == State.HALF_OPEN) {
            if (++halfOpenSuccesses >= successThreshold) {
                close();
            }
            return;
        }
        record(false);
    }

    synchronized void recordFailure() {
        if (state == State.HALF_OPEN) {
            open();
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
