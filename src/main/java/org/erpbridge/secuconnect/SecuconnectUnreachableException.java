package org.erpbridge.secuconnect;

/** Could not connect, or timed out / lost the connection while waiting for the answer. */
public final class SecuconnectUnreachableException extends SecuconnectException {
    private final boolean requestSent;

    public SecuconnectUnreachableException(String merchant, String operation, boolean requestSent, String message,
            Throwable cause) {
        super(merchant, operation, message, cause);
        this.requestSent = requestSent;
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
