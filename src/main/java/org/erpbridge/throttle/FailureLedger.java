package org.erpbridge.throttle;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed attempts per key (a client address, a merchant) with an exponential refusal: after {@code freeFailures}
 * failures each further one refuses the key for {@code base * 2^(n - 1)}, at most {@code max}. Failures older than
 * {@code forgetAfter} are forgotten; at most {@code maxKeys} keys are tracked (a full ledger first drops the keys
 * that are neither refused nor recent, and then tracks no new key). Times are milliseconds from the caller's clock.
 */
final class FailureLedger {
    private record Entry(int failures, long lastFailureAt, long refusedUntil) {}

    private final int freeFailures;
    private final long baseMillis;
    private final long maxMillis;
    private final long forgetMillis;
    private final int maxKeys;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    FailureLedger(int freeFailures, Duration base, Duration max, Duration forgetAfter, int maxKeys) {
        this.freeFailures = freeFailures;
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
        this.forgetMillis = forgetAfter.toMillis();
        this.maxKeys = maxKeys;
    }

    /** How long {@code key} is still refused at {@code now}, or zero. */
    long refusedForMillis(String key, long now) {
        Entry e = entries.get(key);
        return e == null ? 0 : Math.max(0, e.refusedUntil() - now);
    }

    /** Counts a failure; returns the failures counted for {@code key} (0 when the ledger is full). */
    int failed(String key, long now) {
        if (!entries.containsKey(key) && entries.size() >= maxKeys) {
            entries.values().removeIf(e -> e.refusedUntil() <= now && now - e.lastFailureAt() > forgetMillis);
            if (entries.size() >= maxKeys) {
                return 0;
            }
        }
        Entry updated = entries.compute(key, (k, e) -> {
            int failures = e == null || now - e.lastFailureAt() > forgetMillis ? 1 : e.failures() + 1;
            long refusedUntil = failures > freeFailures ? now + delayMillis(failures - freeFailures) : 0;
            return new Entry(failures, now, refusedUntil);
        });
        return updated.failures();
    }

    /** A success clears the key's failures. */
    void succeeded(String key) {
        entries.remove(key);
    }

    int size() {
        return entries.size();
    }

    private long delayMillis(int beyondFree) {
        int doublings = Math.min(beyondFree - 1, 40);
        long delay = baseMillis << doublings;
        return delay <= 0 || delay > maxMillis ? maxMillis : delay;
    }
}
