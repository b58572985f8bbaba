package org.erpbridge.outbox;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with full jitter: after the n-th failed attempt wait a random time in
 * [1 s, min(max, base * 2^(n-1))], so that retries of many events spread out instead of arriving together.
 */
final class Backoff {
    private static final Duration FLOOR = Duration.ofSeconds(1);

    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;

    Backoff(Duration base, Duration max, RandomGenerator random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /** The longest wait after {@code failedAttempts} failures (1 = the first failure). */
    Duration ceiling(int failedAttempts) {
        int exponent = Math.max(0, Math.min(failedAttempts - 1, 30));
        long millis = base.toMillis();
        for (int i = 0; i < exponent && millis < max.toMillis(); i++) {
            millis = Math.multiplyExact(millis, 2);
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    /** A random wait between 1 s and {@link #ceiling}. */
    Duration delay(int failedAttempts) {
        long ceiling = ceiling(failedAttempts).toMillis();
        long floor = Math.min(FLOOR.toMillis(), ceiling);
        return Duration.ofMillis(floor + (long) (random.nextDouble() * (ceiling - floor)));
    }
}
