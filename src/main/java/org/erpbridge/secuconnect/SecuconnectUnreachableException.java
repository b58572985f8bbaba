package org.erpbridge.secuconnect;

import java.time.Instant;
import java.util.Optional;

/** Could not connect, or timed out / lost the connection while waiting for the answer. */
public final class SecuconnectUnreachableException extends SecuconnectException {
    private final boolean requestSent;
    private final Instant breakerTrialsFrom;

    public SecuconnectUnreachableException(
            String merchant, String operation, boolean requestSent, String message, Throwable cause) {
        this(merchant, operation, requestSent, message, cause, null);
    }

    private SecuconnectUnreachableException(
            String merchant,
            String operation,
            boolean requestSent,
            String message,
            Throwable cause,
            Instant breakerTrialsFrom) {
        super(merchant, operation, message, cause);
        this.requestSent = requestSent;
        this.breakerTrialsFrom = breakerTrialsFrom;
    }

    /** Not sent: the merchant's circuit breaker is open and lets trial calls through from {@code trialsFrom}. */
    static SecuconnectUnreachableException breakerOpen(
            String merchant, Lane lane, String operation, Instant trialsFrom) {
        return new SecuconnectUnreachableException(
                merchant,
                operation,
                false,
                lane.label() + " circuit breaker of" + " merchant " + merchant
                        + " is open after repeated secuconnect failures: " + operation + " not sent",
                null,
                trialsFrom);
    }

    /** Not sent: refused by the bridge itself before anything left (e.g. the merchant's concurrent-call bound). */
    static SecuconnectUnreachableException notSent(String merchant, String operation, String message) {
        return new SecuconnectUnreachableException(merchant, operation, false, message, null, null);
    }

    /** When refused by an open circuit breaker: the moment it lets calls through again, so a retry waits no longer. */
    public Optional<Instant> breakerTrialsFrom() {
        return Optional.ofNullable(breakerTrialsFrom);
    }

    /** False only when the request certainly never reached secuconnect (connection refused, connect timeout). */
    public boolean requestSent() {
        return requestSent;
    }

    @Override
    public boolean outcomeUnknown() {
        return requestSent;
    }
}
