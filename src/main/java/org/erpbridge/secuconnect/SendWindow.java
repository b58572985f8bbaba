package org.erpbridge.secuconnect;

import java.time.Duration;
import java.time.Instant;

/**
 * The moment by which a call chain (token, retries, token replay) must have its last answer. A request is sent only
 * when its longest possible exchange (connect timeout + read timeout) ends before the window closes; otherwise it
 * is not sent at all. A payment's worker passes its lease (minus the settle time): so no request of a worker is
 * still on its way when recovery may take the payment over.
 */
public record SendWindow(Instant closesAt) {
    /** No bound: reads and jobs that own nothing a second worker could take over. */
    public static final SendWindow UNBOUNDED = new SendWindow(Instant.MAX);

    public boolean admits(Instant now, Duration longestExchange) {
        return this == UNBOUNDED || !now.plus(longestExchange).isAfter(closesAt);
    }
}
