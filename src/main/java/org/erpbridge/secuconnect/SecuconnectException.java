package org.erpbridge.secuconnect;

/**
 * Everything that can go wrong talking to secuconnect, told without HTTP details. Messages never carry
 * tokens, secrets or full card numbers.
 */
public abstract sealed class SecuconnectException extends RuntimeException
        permits SecuconnectUnreachableException,
                SecuconnectAuthenticationException,
                SecuconnectRejectedException,
                SecuconnectServerException,
                SecuconnectMalformedResponseException {

    private final String merchant;
    private final String operation;

    protected SecuconnectException(String merchant, String operation, String message, Throwable cause) {
        super(message, cause);
        this.merchant = merchant;
        this.operation = operation;
    }

    public String merchant() {
        return merchant;
    }

    /** The facade operation, e.g. {@code smart-transaction.create}. */
    public String operation() {
        return operation;
    }

    /**
     * True when secuconnect may have carried out the request although we got no usable answer
     * (read timeout, connection reset after sending, 5xx, unreadable body). Callers then look the
     * outcome up instead of repeating a non-idempotent call.
     */
    public abstract boolean outcomeUnknown();
}
