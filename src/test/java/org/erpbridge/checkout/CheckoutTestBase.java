package org.erpbridge.checkout;

import java.time.Clock;

import jakarta.inject.Inject;

import org.erpbridge.merchant.Merchants;
import org.erpbridge.testing.CleanSlate;

import org.junit.jupiter.api.BeforeEach;

/** Common ground of the @QuarkusTest classes that drive the payment state machine directly: its beans, a clean slate. */
abstract class CheckoutTestBase {
    @Inject
    PaymentStore store;

    @Inject
    PaymentLifecycle lifecycle;

    @Inject
    PaymentRecovery recovery;

    @Inject
    CashPaymentValidator validator;

    @Inject
    CashPaymentReader reader;

    @Inject
    Merchants merchants;

    @Inject
    Clock clock;

    @BeforeEach
    void startClean() {
        CleanSlate.reset();
    }
}
