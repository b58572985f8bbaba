package org.erpbridge.secuconnect;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

/** Status and body of one HTTP exchange, read completely so the connection goes back to the pool. */
record RawResponse(int status, String body, boolean bodyUnreadable, String retryAfter) {

    static RawResponse of(Response response) {
        try (response) {
            String body;
            String retryAfter = response.getHeaderString("Retry-After");
            try {
                body = response.hasEntity() ? response.readEntity(String.class) : "";
            } catch (ProcessingException | IllegalStateException e) {
                return new RawResponse(response.getStatus(), "", true, retryAfter);
            }
            return new RawResponse(response.getStatus(), body == null ? "" : body, false, retryAfter);
        }
    }

    boolean successful() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        // bodies may carry tokens or card numbers: never print them
        return "RawResponse[status=" + status + ", bodyLength=" + body.length() + "]";
    }
}
