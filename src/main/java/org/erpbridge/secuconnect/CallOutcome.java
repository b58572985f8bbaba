package org.erpbridge.secuconnect;

/** The {@code outcome} tag of {@code secuconnect.calls} and of the call log line. */
enum CallOutcome {
    OK("ok"),
    REJECTED("rejected"),
    SERVER_ERROR("server-error"),
    UNREACHABLE("unreachable"),
    MALFORMED("malformed"),
    AUTH_FAILED("auth-failed");

    private final String label;

    CallOutcome(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static CallOutcome of(SecuconnectException e) {
        if (e instanceof SecuconnectRejectedException) {
            return REJECTED;
        }
        if (e instanceof SecuconnectServerException) {
            return SERVER_ERROR;
        }
        if (e instanceof SecuconnectUnreachableException) {
            return UNREACHABLE;
        }
        if (e instanceof SecuconnectMalformedResponseException) {
            return MALFORMED;
        }
        return AUTH_FAILED;
    }
}
