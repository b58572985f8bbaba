package org.erpbridge.checkout;

import java.util.function.BooleanSupplier;

/**
 * A cash-payment request as the admission gate let it in: when it arrived ({@link System#nanoTime()} on the event
 * loop, before it waited for a worker thread) and, asked at the moment it matters, whether the replica is under
 * pressure.
 */
record Arrival(long nanos, BooleanSupplier pressure) {

    boolean underPressure() {
        return pressure.getAsBoolean();
    }
}
