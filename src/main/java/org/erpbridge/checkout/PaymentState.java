package org.erpbridge.checkout;

import java.util.EnumSet;
import java.util.Set;

/**
 * The persisted state machine of a cash payment. A {@code *_PENDING} state is written before the secuconnect
 * call it names, so after a crash recovery knows the call may have happened and looks its outcome up.
 *
 * <pre>
 * RECEIVED -> CREATE_PENDING -> CREATED -> START_PENDING -> COMPLETED -> CANCEL_PENDING -> CANCELLED
 *     ^            |               ^            |      \-> FAILED | REVIEW
 *     '-(not sent)-'               '-(not sent)-'
 * </pre>
 */
public enum PaymentState {
    /** Stored; no create has been sent for the current attempt (so one may be sent). */
    RECEIVED("processing"),
    /** A create is (or was) being sent: the Smart Transaction may exist, look it up by merchantRef before anything else. */
    CREATE_PENDING("processing"),
    /** The Smart Transaction exists (id stored) and has not been started. */
    CREATED("processing"),
    /** start/cash is (or was) being sent: read the Smart Transaction before starting it again. */
    START_PENDING("processing"),
    COMPLETED("completed"),
    FAILED("failed"),
    /** Recovery could not decide safely; an operator has to look at it. */
    REVIEW("review"),
    /** A cancel is (or was) being sent for a completed payment. */
    CANCEL_PENDING("cancelling"),
    CANCELLED("cancelled");

    /** States of a payment whose booking is still under way. */
    public static final Set<PaymentState> IN_FLIGHT = EnumSet.of(RECEIVED, CREATE_PENDING, CREATED, START_PENDING);

    /** States recovery works on when their lease has run out. */
    public static final Set<PaymentState> RECOVERABLE = EnumSet.of(RECEIVED, CREATE_PENDING, CREATED, START_PENDING,
            CANCEL_PENDING);

    private final String apiStatus;

    PaymentState(String apiStatus) {
        this.apiStatus = apiStatus;
    }

    /** The {@code status} the ERP sees. */
    public String apiStatus() {
        return apiStatus;
    }

    public boolean inFlight() {
        return IN_FLIGHT.contains(this);
    }
}
