package org.erpbridge.secuconnect;

/**
 * Every secuconnect call the facade makes. {@code read} marks calls without side effects: only those
 * may be repeated after the request possibly reached secuconnect.
 */
enum Operation {
    TOKEN("token", true),
    SMART_TRANSACTION_CREATE("smart-transaction.create", false),
    SMART_TRANSACTION_GET("smart-transaction.get", true),
    SMART_TRANSACTION_LIST("smart-transaction.list", true),
    SMART_TRANSACTION_UPDATE("smart-transaction.update", false),
    SMART_TRANSACTION_PRE_TRANSACTION("smart-transaction.pre-transaction", false),
    SMART_TRANSACTION_START("smart-transaction.start", false),
    SMART_TRANSACTION_CANCEL("smart-transaction.cancel", false),
    SMART_TRANSACTION_ABORT("smart-transaction.abort", false),
    MERCHANT_CARD_GET("merchant-card.get", true),
    MERCHANT_CARD_LIST("merchant-card.list", true),
    MERCHANT_CARD_VALIDATE("merchant-card.validate", true),
    LOYALTY_TRANSACTION_GET("loyalty-transaction.get", true),
    LOYALTY_TRANSACTION_LIST("loyalty-transaction.list", true);

    private final String label;
    private final boolean read;

    Operation(String label, boolean read) {
        this.label = label;
        this.read = read;
    }

    /** The name used in metrics, logs and {@link SecuconnectException#operation()}. */
    String label() {
        return label;
    }

    boolean read() {
        return read;
    }
}
