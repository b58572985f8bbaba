package org.erpbridge.secuconnect;

/** Status, whole body and {@code Retry-After} header of one HTTP exchange with secuconnect. */
record RawResponse(int status, String body, String retryAfter) {

    boolean successful() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        // bodies may carry tokens or card numbers: never print them
        return "RawResponse[status=" + status + ", bodyLength=" + body.length() + "]";
    }
}
