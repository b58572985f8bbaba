package org.erpbridge.secuconnect;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;

/**
 * Decides from a transport exception whether the request may have reached secuconnect. Only failures while
 * establishing the connection prove it did not; everything else (read timeout, reset, closed connection)
 * counts as sent, because secuconnect may have executed it.
 */
final class TransportFailures {
    private TransportFailures() {}

    static SecuconnectUnreachableException unreachable(String merchant, Operation op, Throwable failure) {
        boolean sent = !connectionNeverEstablished(failure);
        String message = (sent
                        ? "no answer from secuconnect for " + op.label()
                                + " (read timeout or connection lost after sending)"
                        : "could not connect to secuconnect for " + op.label())
                + ": " + rootDescription(failure);
        return new SecuconnectUnreachableException(merchant, op.label(), sent, message, null);
    }

    /** The waiting thread was interrupted: the request may already be out, so its outcome is unknown. */
    static SecuconnectUnreachableException interrupted(String merchant, Operation op) {
        return new SecuconnectUnreachableException(
                merchant,
                op.label(),
                true,
                "interrupted while waiting for secuconnect's answer to " + op.label(),
                null);
    }

    static boolean connectionNeverEstablished(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpConnectTimeoutException
                    || t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    private static String rootDescription(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // exception class only: transport messages can quote URLs with query strings (card numbers in q=)
        return root.getClass().getSimpleName();
    }
}
