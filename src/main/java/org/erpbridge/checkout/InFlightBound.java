package org.erpbridge.checkout;

import java.util.HashMap;
import java.util.Map;

/**
 * The cash-payment POSTs this replica has admitted and not answered yet, and the decision on each new one. All in
 * memory, no database: the decision is taken on the event loop for every arriving request.
 * <p>
 * The rule, with B = {@code max-in-flight}, M = the configured merchants, c(m) = merchant m's requests in flight,
 * T = their sum and a = the merchants with at least one request in flight, m itself included:
 * <ul>
 * <li>share(m) = max(1, floor(B / min(M, a + 1))): the bound divided among the merchants in flight plus one more,
 * so a merchant that comes next always finds room, even while another one is as busy as it may be;</li>
 * <li>a request of merchant m is admitted when T &lt; B and c(m) &lt; share(m), else refused.</li>
 * </ul>
 * One merchant among several configured therefore takes at most half the bound; a merchant alone in the
 * configuration takes all of it; when every merchant is busy each has B / M. A merchant whose share shrank because
 * others arrived keeps the requests it has and gets new ones once it is below its share again (within sync-wait).
 * <p>
 * Requests whose bearer key is not the path merchant's (wrong, missing, unknown merchant) are not any merchant's:
 * they have a pool of their own, so a flood of them never takes a merchant's room.
 */
final class InFlightBound {
    /** The outcome of {@link #admit}. */
    enum Verdict {
        ADMITTED("admitted"),
        REPLICA_FULL("replica-bound"),
        MERCHANT_SHARE("merchant-share"),
        UNAUTHENTICATED_FULL("unauthenticated-bound");

        final String tag;

        Verdict(String tag) {
            this.tag = tag;
        }
    }

    private final int bound;
    private final int merchants;
    private final int unauthenticatedBound;
    private final double pressureRatio;
    private final Map<String, Integer> perMerchant = new HashMap<>();
    private int total;
    private int unauthenticated;

    InFlightBound(int bound, int merchants, int unauthenticatedBound, double pressureRatio) {
        this.bound = bound;
        this.merchants = Math.max(1, merchants);
        this.unauthenticatedBound = unauthenticatedBound;
        this.pressureRatio = pressureRatio;
    }

    /** Admits and counts a request of {@code merchant}, or of no merchant ({@code null}: its key did not match). */
    synchronized Verdict admit(String merchant) {
        if (merchant == null) {
            if (unauthenticated >= unauthenticatedBound) {
                return Verdict.UNAUTHENTICATED_FULL;
            }
            unauthenticated++;
            return Verdict.ADMITTED;
        }
        if (total >= bound) {
            return Verdict.REPLICA_FULL;
        }
        int mine = perMerchant.getOrDefault(merchant, 0);
        int active = perMerchant.size() + (mine == 0 ? 1 : 0);
        if (mine >= share(active)) {
            return Verdict.MERCHANT_SHARE;
        }
        perMerchant.put(merchant, mine + 1);
        total++;
        return Verdict.ADMITTED;
    }

    /** Counts off a request {@link #admit admitted} for the same {@code merchant} (or {@code null}). */
    synchronized void release(String merchant) {
        if (merchant == null) {
            unauthenticated = Math.max(0, unauthenticated - 1);
            return;
        }
        Integer mine = perMerchant.get(merchant);
        if (mine == null) {
            return;
        }
        if (mine <= 1) {
            perMerchant.remove(merchant);
        } else {
            perMerchant.put(merchant, mine - 1);
        }
        total--;
    }

    /** A merchant's share while {@code active} merchants (itself included) have requests in flight. */
    int share(int active) {
        return Math.max(1, bound / Math.min(merchants, active + 1));
    }

    /** More requests of merchants in flight than {@code pressure-ratio} x {@code max-in-flight}. */
    synchronized boolean underPressure() {
        return total > pressureRatio * bound;
    }

    synchronized int inFlight() {
        return total;
    }

    synchronized int inFlight(String merchant) {
        return merchant == null ? unauthenticated : perMerchant.getOrDefault(merchant, 0);
    }

    int bound() {
        return bound;
    }
}
