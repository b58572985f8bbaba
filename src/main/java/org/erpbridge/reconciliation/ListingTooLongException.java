package org.erpbridge.reconciliation;

/** secuconnect listed more pages of Smart Transactions than the caller allowed. */
public class ListingTooLongException extends IllegalStateException {
    private final int maxPages;

    ListingTooLongException(String message, int maxPages) {
        super(message);
        this.maxPages = maxPages;
    }

    public int maxPages() {
        return maxPages;
    }
}
