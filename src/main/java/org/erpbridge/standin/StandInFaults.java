package org.erpbridge.standin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults planned per operation, either for every request or only for the orders whose id starts with a prefix,
 * and at most so many times per order; the reliability runs inject them to watch the bridge recover.
 */
public final class StandInFaults {

    /** The operations a fault can be planned for. */
    public enum Op {
        TOKEN,
        CREATE,
        START,
        GET,
        LIST,
        CARDS,
        CALLBACK
    }

    /** What the stand-in does to one request instead of (or after) answering normally. */
    public enum FaultKind {
        NONE,
        UNAVAILABLE_503,
        RESET,
        MALFORMED,
        EMPTY,
        SLOW,
        EXPIRED_TOKEN_403,
        HOLD,
        /** The request never reaches the platform: nothing happens, and a 503 comes after {@code slowMillis}. */
        LOST;

        /** Faults that hit after the platform already acted (the answer is lost or late). */
        public boolean afterSideEffect() {
            return this == RESET || this == MALFORMED || this == EMPTY || this == SLOW || this == HOLD;
        }
    }

    /**
     * A planned fault: for requests of {@code op} whose order id starts with {@code orderPrefix} (null: all),
     * at most {@code timesPerOrder} times per order (0: always); SLOW, HOLD and LOST wait {@code slowMillis}.
     */
    public record Plan(Op op, FaultKind kind, String orderPrefix, int timesPerOrder, long slowMillis) {}

    private final List<Plan> plans = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> faultsPerOrder = new ConcurrentHashMap<>();

    public void plan(Plan plan) {
        plans.add(plan);
    }

    public void clear() {
        plans.clear();
        faultsPerOrder.clear();
    }

    /** The first plan for this operation whose order prefix matches and whose per-order budget is not used up. */
    public Plan matching(Op op, String orderId) {
        for (Plan plan : plans) {
            if (plan.op() != op) {
                continue;
            }
            String prefix = plan.orderPrefix();
            if (prefix != null && (orderId == null || !orderId.startsWith(prefix))) {
                continue;
            }
            if (plan.timesPerOrder() <= 0) {
                return plan;
            }
            String key = op + "|" + plan.kind() + "|" + (orderId == null ? "*" : orderId);
            if (faultsPerOrder.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet()
                    <= plan.timesPerOrder()) {
                return plan;
            }
        }
        return null;
    }
}
