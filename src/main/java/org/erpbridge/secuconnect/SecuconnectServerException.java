package org.erpbridge.secuconnect;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.erpbridge.secuconnect.model.ApiError;

/**
 * secuconnect answered 5xx or 429: a temporary failure. After a 5xx the side effects are unknown; a 429 says the
 * request was not executed (rate limited), with {@code Retry-After} when secuconnect sent one.
 */
public final class SecuconnectServerException extends SecuconnectException {
    private final int httpStatus;
    private final ApiError apiError;

    private final String retryAfter;

    public SecuconnectServerException(String merchant, String operation, int httpStatus, ApiError apiError) {
        this(merchant, operation, httpStatus, apiError, null);
    }

    public SecuconnectServerException(
            String merchant, String operation, int httpStatus, ApiError apiError, String retryAfter) {
        super(
                merchant,
                operation,
                "secuconnect failed on " + operation + " (HTTP " + httpStatus
                        + (apiError == null || apiError.supportId() == null
                                ? ""
                                : ", supportId " + apiError.supportId())
                        + ")",
                null);
        this.httpStatus = httpStatus;
        this.apiError = apiError;
        this.retryAfter = retryAfter;
    }

    /** 429 Too Many Requests: refused before execution. */
    public boolean rateLimited() {
        return httpStatus == 429;
    }

    /** How long secuconnect asked to wait (Retry-After in seconds or as an HTTP date), if it said so. */
    public Optional<Duration> retryAfter(Instant now) {
        return RetryAfter.parse(retryAfter, now);
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
        return !rateLimited();
    }
}
