package org.erpbridge.secuconnect;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One merchant's access token: cached until shortly before it expires, then renewed. Single-flight: while
 * one caller fetches, the others wait for that same result (or failure) instead of asking secuconnect too.
 */
final class TokenBroker {
    private final TokenSource source;
    private final Clock clock;

    private volatile IssuedToken current;
    private String lastRejected;
    private CompletableFuture<IssuedToken> inFlight;

    TokenBroker(TokenSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    String token() {
        IssuedToken cached = current;
        if (cached != null && cached.usableAt(clock.instant())) {
            return cached.value();
        }
        CompletableFuture<IssuedToken> pending;
        boolean fetchHere = false;
        String rejected;
        synchronized (this) {
            cached = current;
            if (cached != null && cached.usableAt(clock.instant())) {
                return cached.value();
            }
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                fetchHere = true;
            }
            pending = inFlight;
            rejected = lastRejected;
        }
        if (fetchHere) {
            fetch(pending, rejected);
        }
        try {
            return pending.join().value();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** secuconnect refused {@code token}: forget it unless a newer one already replaced it. */
    synchronized void invalidate(String token) {
        if (current != null && current.value().equals(token)) {
            current = null;
        }
        lastRejected = token;
    }

    private void fetch(CompletableFuture<IssuedToken> pending, String rejected) {
        try {
            IssuedToken fresh = source.fetch(rejected);
            current = fresh;
            pending.complete(fresh);
        } catch (RuntimeException e) {
            pending.completeExceptionally(e);
        } finally {
            synchronized (this) {
                inFlight = null;
            }
        }
    }
}
