package org.erpbridge.erp;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.erpbridge.common.ApiProblem;

/**
 * The use of a verified request signature that {@link ErpAuthFilter} left for the route to record, so that it costs
 * no commit of its own: the cash-payment POST records it in the transaction that stores the new payment
 * ({@link #recordIn}), and on every other outcome of the request in a statement of its own before it answers
 * ({@link #recordNow}). Either way a signature is accepted once, and a replay is refused with the answer the filter
 * gives every replay, before anything else is written. {@link #NONE} when there is nothing to record (the merchant
 * signs nothing, or the filter recorded the use itself).
 */
public final class SignatureUse {
    public static final SignatureUse NONE = new SignatureUse(null, null, null, null, null);

    private static final String PROPERTY = "org.erpbridge.erp.signature-use";

    private final UsedSignatures signatures;
    private final String merchant;
    private final byte[] matchedMac;
    private final Instant expiresAt;
    private final Runnable refused;
    private volatile boolean recorded;

    SignatureUse(UsedSignatures signatures, String merchant, byte[] matchedMac, Instant expiresAt, Runnable refused) {
        this.signatures = signatures;
        this.merchant = merchant;
        this.matchedMac = matchedMac;
        this.expiresAt = expiresAt;
        this.refused = refused;
        this.recorded = signatures == null;
    }

    /** The use the filter left on this request, or {@link #NONE}. */
    public static SignatureUse of(ContainerRequestContext request) {
        Object use = request == null ? null : request.getProperty(PROPERTY);
        return use instanceof SignatureUse pending ? pending : NONE;
    }

    /**
     * Records the use on {@code c}, in the caller's transaction (it counts as recorded once that commits). A replay
     * throws the replay problem: the caller rolls back whatever it wrote in that transaction.
     */
    public void recordIn(Connection c) throws SQLException {
        if (!recorded) {
            signatures.recordIn(c, this);
        }
    }

    /** Records the use in a statement of its own unless it is recorded already; a replay throws the replay problem. */
    public void recordNow() {
        if (!recorded) {
            signatures.recordNow(this);
        }
    }

    void leaveOn(ContainerRequestContext request) {
        request.setProperty(PROPERTY, this);
    }

    String merchant() {
        return merchant;
    }

    byte[] matchedMac() {
        return matchedMac;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    boolean recorded() {
        return recorded;
    }

    void markRecorded() {
        recorded = true;
    }

    /**
     * A replay: the use is on record already (nothing more to record, and counted once), the failed authentication is
     * counted as the filter counts it, and the replay problem returned to be thrown.
     */
    ApiProblem replay() {
        recorded = true;
        refused.run();
        return UsedSignatures.replayed();
    }
}
