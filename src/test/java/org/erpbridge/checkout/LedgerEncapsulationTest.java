package org.erpbridge.checkout;

import java.lang.reflect.Modifier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Checkout's entities stay its own; other features read its records through {@link PaymentLedgerView}. */
class LedgerEncapsulationTest {

    @Test
    void theEntitiesAreNotPublicAndTheReadInterfaceIs() {
        assertThat(Modifier.isPublic(CashPayment.class.getModifiers())).isFalse();
        assertThat(Modifier.isPublic(PaymentAttempt.class.getModifiers())).isFalse();
        assertThat(Modifier.isPublic(PaymentLedgerView.class.getModifiers())).isTrue();
    }
}
