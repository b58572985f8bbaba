package org.erpbridge.secuconnect;

/** The merchant's credentials were refused (token endpoint error, or still refused after one refresh). */
public final class SecuconnectAuthenticationException extends SecuconnectException {
    private final int httpStatus;
    private final String error;

    public SecuconnectAuthenticationException(
            String merchant, String operation, int httpStatus, String error, String message) {
        super(merchant, operation, message, null);
        this.httpStatus = httpStatus;
        this.error = error;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** OAuth {@code error} (e.g. invalid_client) or the API error class. */
    public String error() {
        return error;
    }

    @Override
    public boolean outcomeUnknown() {
        return false;
    }
}
