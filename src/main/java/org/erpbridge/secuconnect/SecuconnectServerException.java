package org.erpbridge.secuconnect;

import org.erpbridge.secuconnect.model.ApiError;

/** secuconnect answered 5xx (or 429): a temporary failure whose side effects are unknown. */
public final class SecuconnectServerException extends SecuconnectException {
    private final int httpStatus;
    private final ApiError apiError;

    public SecuconnectServerException(String merchant, String operation, int httpStatus, ApiError apiError) {
        super(merchant, operation, "secuconnect failed on " + operation + " (HTTP " + httpStatus
                + (apiError == null || apiError.supportId() == null ? "" : ", supportId " + apiError.supportId()) + ")",
                null);
        this.httpStatus = httpStatus;
        this.apiError = apiError;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The error body when secuconnect sent one, else null. */
    public ApiError apiError() {
        return apiError;
    }

    @Override
    public boolean outcomeUnknown() {
        return true;
    }
}
