package org.erpbridge.checkout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The persisted state machine of a cash payment, with every allowed transition declared here and nowhere else:
 * {@link PaymentStore} refuses a move that is not declared. A {@code *_PENDING} state is written before the
 * secuconnect call it names, so after a crash recovery knows the call may have happened and looks its outcome up.
 * The README's state diagram is generated from {@link #transitions()} by a test.
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
    /** The bridge could not decide safely; an operator has to look at it (the ERP gets a review event). */
    REVIEW("review"),
    /** A cancel is (or was) being sent for a completed payment. */
    CANCEL_PENDING("cancelling"),
    CANCELLED("cancelled");

    /** One declared edge of the machine, with what causes it (the label of the generated diagram). */
    public record Transition(PaymentState from, PaymentState to, String cause) {}

    private static final List<Transition> TRANSITIONS = new ArrayList<>();
    private static final Map<PaymentState, Set<PaymentState>> ALLOWED = new EnumMap<>(PaymentState.class);

    static {
        allow(RECEIVED, CREATE_PENDING, "create sent");
        allow(RECEIVED, REVIEW, "not booked within review-after");
        allow(CREATE_PENDING, START_PENDING, "created; start/cash sent next");
        allow(CREATE_PENDING, CREATED, "found by merchantRef");
        allow(CREATE_PENDING, RECEIVED, "not sent, 429, or nothing found after the settle time");
        allow(CREATE_PENDING, FAILED, "create refused (4xx)");
        allow(CREATE_PENDING, REVIEW, "create tries used up, or several booked");
        allow(CREATED, START_PENDING, "start/cash sent");
        allow(CREATED, REVIEW, "not booked within review-after");
        allow(START_PENDING, COMPLETED, "status ok");
        allow(START_PENDING, CREATED, "not sent, or still created after the lease");
        allow(START_PENDING, FAILED, "status failed or cancelled, or refused and not started");
        allow(START_PENDING, REVIEW, "status unclear within review-after");
        allow(COMPLETED, CANCEL_PENDING, "cancel requested");
        allow(CANCEL_PENDING, CANCELLED, "status cancelled");
        allow(CANCEL_PENDING, COMPLETED, "cancel refused");
        allow(CANCEL_PENDING, REVIEW, "repeated cancel refused, or unclear within review-after");
        allow(FAILED, RECEIVED, "sent again after nothing was booked (new attempt)");
    }

    /**
     * A new order is stored in CREATE_PENDING: its worker sends the create right after that one commit (after a crash
     * in between, recovery looks the create up by merchantRef like any other).
     */
    public static final PaymentState INITIAL = CREATE_PENDING;

    /** States of a payment whose booking is still under way. */
    public static final Set<PaymentState> IN_FLIGHT =
            Collections.unmodifiableSet(EnumSet.of(RECEIVED, CREATE_PENDING, CREATED, START_PENDING));

    /** States recovery works on when their lease has run out. */
    public static final Set<PaymentState> RECOVERABLE =
            Collections.unmodifiableSet(EnumSet.of(RECEIVED, CREATE_PENDING, CREATED, START_PENDING, CANCEL_PENDING));

    /** States of a payment that is still moving (booking or cancelling): waiters wait while it is in one. */
    public static final Set<PaymentState> UNSETTLED = RECOVERABLE;

    private final String apiStatus;

    PaymentState(String apiStatus) {
        this.apiStatus = apiStatus;
    }

    private static void allow(PaymentState from, PaymentState to, String cause) {
        TRANSITIONS.add(new Transition(from, to, cause));
        ALLOWED.computeIfAbsent(from, s -> EnumSet.noneOf(PaymentState.class)).add(to);
    }

    /** Every declared transition, in declaration order. */
    public static List<Transition> transitions() {
        return Collections.unmodifiableList(TRANSITIONS);
    }

    public boolean canMoveTo(PaymentState to) {
        return ALLOWED.getOrDefault(this, Set.of()).contains(to);
    }

    /** The {@code status} the ERP sees. */
    public String apiStatus() {
        return apiStatus;
    }

    public boolean inFlight() {
        return IN_FLIGHT.contains(this);
    }

    public boolean recoverable() {
        return RECOVERABLE.contains(this);
    }
}
