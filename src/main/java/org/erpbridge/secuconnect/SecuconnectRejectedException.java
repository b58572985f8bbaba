package org.erpbridge.secuconnect;

import org.erpbridge.secuconnect.model.ApiError;

/** secuconnect refused the request (4xx with its error body): repeating it unchanged will not help. */
public final class SecuconnectRejectedException extends SecuconnectException {
    private final int httpStatus;
    private final ApiError apiError;

    public SecuconnectRejectedException(String merchant, String operation, int httpStatus, ApiError apiError) {
        super(
                merchant,
                operation,
                "secuconnect rejected " + operation + " (HTTP " + httpStatus + ", "
                        + (apiError == null
                                ? "no error body"
                                : apiError.error() + " code " + apiError.code() + ", supportId " + apiError.supportId())
                        + ")",
                null);
        this.httpStatus = httpStatus;
        this.apiError = apiError == null ? new ApiError("error", null, null, null, null, null) : apiError;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return apiError.code();
    }

    public String error() {
        return apiError.error();
    }

    public String errorDetails() {
        return apiError.errorDetails();
    }

    public String errorUser() {
        return apiError.errorUser();
    }

    public String supportId() {
        return apiError.supportId();
    }

    @Override
    public boolean outcomeUnknown() {
        return false;
    }
}
