package org.erpbridge.secuconnect;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.secuconnect.model.ApiError;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a status and body into a model object or into the matching {@link SecuconnectException}. The only
 * place that knows secuconnect's error shapes; texts taken from error bodies have card numbers masked.
 */
@ApplicationScoped
class ResponseReader {
    static final String TOKEN_EXPIRED_CODE = "2003";

    private final ObjectMapper mapper;

    ResponseReader(ObjectMapper mapper) {
        // our own copy: unknown fields never fail, whatever the application-wide mapper says
        this.mapper = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    JavaType type(Class<?> raw, Class<?>... parameters) {
        return parameters.length == 0
                ? mapper.constructType(raw)
                : mapper.getTypeFactory().constructParametricType(raw, parameters);
    }

    /** 401, or 403 with code 2003: secuconnect wants a new token (the call itself was not executed). */
    boolean tokenRejected(RawResponse raw) {
        if (raw.status() == 401) {
            return true;
        }
        return raw.status() == 403 && TOKEN_EXPIRED_CODE.equals(code(apiError(raw)));
    }

    /** The value of a successful answer; otherwise throws the exception the status and body call for. */
    <T> T value(String merchant, Operation op, RawResponse raw, JavaType type) {
        if (!raw.successful()) {
            throw failure(merchant, op, raw);
        }
        try {
            JsonNode tree = mapper.readTree(raw.body());
            if (tree == null || !tree.isContainerNode()) {
                throw new IOException("not a JSON object or array");
            }
            T value = mapper.readerFor(type).readValue(tree);
            if (value == null) {
                throw new IOException("empty JSON");
            }
            return value;
        } catch (IOException | IllegalArgumentException e) {
            throw new SecuconnectMalformedResponseException(
                    merchant,
                    op.label(),
                    raw.status(),
                    "secuconnect answered " + op.label() + " with HTTP " + raw.status() + " and a body that is not the"
                            + " expected JSON (" + raw.body().length() + " characters)",
                    null);
        }
    }

    /** The exception for a non-2xx answer of an API call. */
    SecuconnectException failure(String merchant, Operation op, RawResponse raw) {
        ApiError error = apiError(raw);
        if (raw.status() >= 500 || raw.status() == 429) {
            return new SecuconnectServerException(merchant, op.label(), raw.status(), error, raw.retryAfter());
        }
        if (tokenRejected(raw)) {
            return new SecuconnectAuthenticationException(
                    merchant,
                    op.label(),
                    raw.status(),
                    error == null ? "unauthorized" : error.error(),
                    "secuconnect refused the access token for " + op.label() + " (HTTP " + raw.status()
                            + (error == null ? "" : ", code " + error.code()) + ") even after a token refresh");
        }
        return new SecuconnectRejectedException(merchant, op.label(), raw.status(), error);
    }

    /**
     * The exception for a non-2xx answer of the token endpoint. {@code hide} are the credentials just sent: an
     * error description that echoes one of them must not carry it into logs.
     */
    SecuconnectException tokenFailure(String merchant, RawResponse raw, String... hide) {
        if (raw.status() >= 500 || raw.status() == 429) {
            return new SecuconnectServerException(merchant, Operation.TOKEN.label(), raw.status(), apiError(raw));
        }
        OAuthError error = readQuietly(raw, OAuthError.class);
        String code = error == null || error.error() == null ? "http_" + raw.status() : error.error();
        String description = error == null || error.errorDescription() == null
                ? ""
                : ": " + CardNumbers.maskAll(scrub(error.errorDescription(), hide));
        return new SecuconnectAuthenticationException(
                merchant,
                Operation.TOKEN.label(),
                raw.status(),
                code,
                "secuconnect refused the credentials of merchant " + merchant + " (HTTP " + raw.status() + ", " + code
                        + description + ")");
    }

    private ApiError apiError(RawResponse raw) {
        ApiError e = readQuietly(raw, ApiError.class);
        if (e == null || (e.error() == null && e.code() == null && e.status() == null)) {
            return null;
        }
        return new ApiError(
                e.status(),
                e.error(),
                CardNumbers.maskAll(e.errorDetails()),
                CardNumbers.maskAll(e.errorUser()),
                e.code(),
                e.supportId());
    }

    private <T> T readQuietly(RawResponse raw, Class<T> type) {
        if (raw.body().isBlank()) {
            return null;
        }
        try {
            JsonNode tree = mapper.readTree(raw.body());
            return tree != null && tree.isObject() ? mapper.treeToValue(tree, type) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String scrub(String text, String... hide) {
        String result = text;
        for (String secret : hide) {
            if (secret != null && !secret.isEmpty()) {
                result = result.replace(secret, "****");
            }
        }
        return result;
    }

    private static String code(ApiError error) {
        return error == null ? null : error.code();
    }
}
