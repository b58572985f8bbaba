package org.erpbridge.common;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with full jitter: after {@code n} doublings the ceiling is
 * min(max, base * 2^n) and the wait is random between the floor and that ceiling, so that many callers
 * failing together do not retry together. Used for secuconnect read retries and ERP callback redelivery.
 */
public final class Backoff {
    private final Duration base;
    private final Duration max;
    private final Duration floor;
    private final RandomGenerator random;

    public Backoff(Duration base, Duration max, Duration floor, RandomGenerator random) {
        this.base = base;
        this.max = max;
        this.floor = floor;
        this.random = random;
    }

    /** The longest wait after {@code doublings} doublings of the base (0 = the base itself). */
    public Duration ceiling(int doublings) {
        int exponent = Math.max(0, Math.min(doublings, 62));
        long millis = base.toMillis();
        for (int i = 0; i < exponent && millis < max.toMillis(); i++) {
            millis = Math.multiplyExact(millis, 2);
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    /** A random wait between the floor (at most the ceiling) and {@link #ceiling}. */
    public Duration delay(int doublings) {
        long ceiling = ceiling(doublings).toMillis();
        long lowest = Math.min(floor.toMillis(), ceiling);
        return Duration.ofMillis(lowest + (long) (random.nextDouble() * (ceiling - lowest)));
    }

    /** Waits; false when interrupted (the caller then gives up instead of retrying). */
    public static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
