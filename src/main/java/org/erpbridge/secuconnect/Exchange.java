package org.erpbridge.secuconnect;

import java.io.IOException;

/** Sends one request; transport failures become {@link SecuconnectUnreachableException}. */
final class Exchange {
    private Exchange() {}

    /** One request on a merchant's transport. */
    @FunctionalInterface
    interface Request {
        RawResponse send() throws IOException, InterruptedException;
    }

    static RawResponse send(String merchant, Operation op, Request request) {
        try {
            return request.send();
        } catch (IOException e) {
            throw TransportFailures.unreachable(merchant, op, e);
        } catch (InterruptedException e) {
            // the request may be out already: keep the interrupt for the caller and report the outcome as unknown
            Thread.currentThread().interrupt();
            throw TransportFailures.interrupted(merchant, op);
        }
    }
}
