package org.erpbridge.reconciliation;

/**
 * The ERP order a Smart Transaction belongs to, and the Smart Transaction that order's payment currently stands
 * for (null when it has none). A Smart Transaction owned by an order but not its current one is a leftover of an
 * earlier attempt, or a second booking.
 */
record Owner(String orderId, String currentSmartTransactionId) {
    boolean isCurrent(String smartTransactionId) {
        return smartTransactionId != null && smartTransactionId.equals(currentSmartTransactionId);
    }
}
