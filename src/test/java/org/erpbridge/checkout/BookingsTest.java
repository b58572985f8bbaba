package org.erpbridge.checkout;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reconciliation of one payment against what secuconnect booked. */
class BookingsTest {

    private static CashPayment booked(Long sum, String currency, String status, String ltx) {
        CashPayment p = new CashPayment();
        p.total = 796;
        p.currency = "EUR";
        p.cardMasked = "************2845";
        p.bookedSum = sum;
        p.bookedCurrency = currency;
        p.stxStatus = status;
        p.loyaltyTransactionId = ltx;
        return p;
    }

    @Test
    void matchingBookingIsMatched() {
        CashPayment p = booked(796L, "EUR", "ok", "LTX_1");
        Bookings.reconcile(p);
        assertThat(p.reconciliation).isEqualTo("matched");
        assertThat(p.reconciliationReason).isNull();
    }

    @Test
    void everyDifferenceIsNamed() {
        CashPayment p = booked(700L, "CHF", "pending", null);
        Bookings.reconcile(p);
        assertThat(p.reconciliation).isEqualTo("mismatch");
        assertThat(p.reconciliationReason).contains("796", "700", "CHF", "pending", "loyalty transaction");
    }

    @Test
    void missingSumIsAMismatch() {
        CashPayment p = booked(null, "EUR", "ok", "LTX_1");
        Bookings.reconcile(p);
        assertThat(p.reconciliationReason).contains("no basket sum");
    }
}
