package org.erpbridge.secuconnect.model;

import java.util.Locale;

/**
 * A Smart Transaction's {@code status}, turned into a closed set at the client edge so domain code never compares
 * strings. Anything secuconnect adds later arrives as {@link #UNKNOWN} and is treated as "not decided yet".
 */
public enum StxStatus {
    CREATED,
    PROCESSING,
    APPROVED,
    PENDING,
    OK,
    RECEIVED,
    SHIPPED,
    COLLECTION,
    COLLECTED,
    FAILED,
    CANCELLED,
    ABORTED,
    UNKNOWN;

    public static StxStatus of(String status) {
        if (status == null || status.isBlank()) {
            return UNKNOWN;
        }
        try {
            return valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** The amount was captured: {@code ok}, or one of the order-intent states that come after it. */
    public boolean captured() {
        return this == OK || this == RECEIVED || this == SHIPPED || this == COLLECTION || this == COLLECTED;
    }

    /** Ended without a booking: failed, cancelled before capture, or aborted. */
    public boolean bookedNothing() {
        return this == FAILED || this == CANCELLED || this == ABORTED;
    }

    /** The wire value, as secuconnect writes it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
