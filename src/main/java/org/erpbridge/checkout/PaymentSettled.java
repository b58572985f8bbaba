package org.erpbridge.checkout;

import java.time.Duration;

/**
 * A payment reached an outcome (completed, failed, review, cancelled); fired once the transaction that stores it has
 * committed (no transaction is active then, so observers that listen after success are told at once). {@code
 * duration}: from the start of the attempt, when the outcome ends a booking attempt (null for a cancel or a review of
 * a cancel).
 */
record PaymentSettled(String merchant, PaymentState outcome, Duration duration) {}
