package org.erpbridge.carddata;

/**
 * Rows of one table that still hold full card numbers in plain text (written before card numbers were encrypted,
 * or by an older replica during an upgrade). {@link CardDataConversion} drives every implementation until none is
 * left.
 */
public interface PlainCardRows {
    /** What is converted, for log lines, e.g. "card balances". */
    String what();

    /**
     * Converts up to {@code limit} rows in the caller's transaction, skipping rows other workers hold locked, and
     * returns how many it converted (fewer than {@code limit}: nothing more to do now).
     */
    int convert(int limit);
}
