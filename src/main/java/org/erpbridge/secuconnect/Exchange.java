package org.erpbridge.secuconnect;

import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Sends one request through a proxy; transport failures become {@link SecuconnectUnreachableException}. */
final class Exchange {
    private Exchange() {}

    static RawResponse send(String merchant, Operation op, Supplier<Response> request) {
        try {
            return RawResponse.of(request.get());
        } catch (WebApplicationException e) {
            // only thrown if a mapper slipped in despite disableDefaultMapper: the response is still ours to read
            return RawResponse.of(e.getResponse());
        } catch (ProcessingException e) {
            throw TransportFailures.unreachable(merchant, op, e);
        }
    }
}
