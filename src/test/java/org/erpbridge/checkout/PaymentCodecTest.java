package org.erpbridge.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The stored request, its hash and the merchantRef. */
class PaymentCodecTest {
    private static final ValidatedPayment PAYMENT = new ValidatedPayment("SO-1", "EUR", 796, "9276004429942845",
            List.of(new ValidatedPayment.Line("30037", null, "Sandwich", 1, 796, 7)), "KASSE-1", "Anna",
            "2026-11-23T08:18:14Z");

    @Test
    void storedRequestReadsBackAsTheSamePayment() {
        assertThat(PaymentCodec.read(PaymentCodec.json(PAYMENT))).isEqualTo(PAYMENT);
    }

    @Test
    void hashChangesWithTheContent() {
        String hash = PaymentCodec.hash(PaymentCodec.json(PAYMENT));
        ValidatedPayment otherCashier = new ValidatedPayment("SO-1", "EUR", 796, "9276004429942845", PAYMENT.lines(),
                "KASSE-1", "Bernd", PAYMENT.paidAt());

        assertThat(hash).hasSize(64).isEqualTo(PaymentCodec.hash(PaymentCodec.json(PAYMENT)));
        assertThat(PaymentCodec.hash(PaymentCodec.json(otherCashier))).isNotEqualTo(hash);
    }

    @Test
    void merchantRefIsDeterministicPerMerchantOrderAndAttempt() {
        String ref = PaymentCodec.merchantRef("acme", "SO-1", 1);

        assertThat(ref).matches("erpb-[0-9a-f]{32}").isEqualTo(PaymentCodec.merchantRef("acme", "SO-1", 1));
        assertThat(ref).isNotEqualTo(PaymentCodec.merchantRef("acme", "SO-1", 2))
                .isNotEqualTo(PaymentCodec.merchantRef("bravo", "SO-1", 1))
                .isNotEqualTo(PaymentCodec.merchantRef("acme", "SO-2", 1));
    }
}
