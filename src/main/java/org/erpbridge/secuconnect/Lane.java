package org.erpbridge.secuconnect;

/**
 * Which of a merchant's two circuit breakers and which share of its concurrent-call bound a call uses. Payment
 * calls (token, create, start, get, cancel on the payment path) and background calls (reconciliation listings, card
 * sync, dashboard) fail for different reasons: a failing reconciliation must not make payments fail fast, and a card
 * sync must not take the calls a payment needs.
 */
public enum Lane {
    PAYMENT("payment"),
    BACKGROUND("background");

    private final String label;

    Lane(String label) {
        this.label = label;
    }

    /** The {@code lane} tag of the client's meters and the word in log lines. */
    public String label() {
        return label;
    }
}
