package org.erpbridge.secuconnect;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with full jitter: sleep = random(0, min(max, base * 2^retry)). */
record Backoff(Duration base, Duration max) {

    Duration delayBefore(int retry) {
        long cap = max.toMillis();
        long exp = base.toMillis() << Math.min(retry, 20);
        long bound = Math.max(0, Math.min(cap, exp < 0 ? cap : exp));
        return Duration.ofMillis(bound == 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** Waits; false when interrupted (the caller then gives up instead of retrying). */
    static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
