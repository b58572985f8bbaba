package org.erpbridge.checkout;

import org.erpbridge.secuconnect.SecuconnectException;
import org.erpbridge.secuconnect.SecuconnectUnreachableException;

/** Short, card-free descriptions of secuconnect trouble for the payment's {@code lastProblem}. */
final class SecuconnectProblems {
    private SecuconnectProblems() {}

    static String describe(String step, SecuconnectException e) {
        String what = e instanceof SecuconnectUnreachableException u
                ? (u.requestSent() ? "no answer" : "not sent (secuconnect unreachable)")
                : e.getClass()
                        .getSimpleName()
                        .replace("Secuconnect", "")
                        .replace("Exception", "")
                        .toLowerCase();
        return step + ": " + what + (e.outcomeUnknown() ? ", outcome unknown" : "") + " - " + e.getMessage();
    }
}
