package org.erpbridge.secuconnect;

/** A success status with a body that is not the JSON we expect (proxy pages, truncated bodies). */
public final class SecuconnectMalformedResponseException extends SecuconnectException {
    private final int httpStatus;

    public SecuconnectMalformedResponseException(
            String merchant, String operation, int httpStatus, String message, Throwable cause) {
        super(merchant, operation, message, cause);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    @Override
    public boolean outcomeUnknown() {
        return true;
    }
}
