package org.erpbridge.checkout;

import java.util.List;

import org.erpbridge.carddata.CardVault;
import org.erpbridge.carddata.TestCardKeys;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored request, its hash and the merchantRef. */
class PaymentCodecTest {
    private static final ValidatedPayment PAYMENT = new ValidatedPayment(
            "SO-1",
            "EUR",
            796,
            "9276004429942845",
            List.of(new ValidatedPayment.Line("30037", null, "Sandwich", 1, 796, 7)),
            "KASSE-1",
            "Anna",
            "2026-11-23T08:18:14Z");

    @Test
    void storedRequestReadsBackAsTheSamePayment() {
        assertThat(PaymentCodec.read(PaymentCodec.json(PAYMENT))).isEqualTo(PAYMENT);
    }

    @Test
    void requestHashIsKeyedAndChangesWithTheContentAndTheCard() {
        CardVault vault = TestCardKeys.vault();
        String hash = vault.requestHash(PaymentCodec.json(PAYMENT));
        ValidatedPayment otherCashier = new ValidatedPayment(
                "SO-1", "EUR", 796, "9276004429942845", PAYMENT.lines(), "KASSE-1", "Bernd", PAYMENT.paidAt());

        assertThat(hash)
                .hasSize(64)
                .isEqualTo(vault.requestHash(PaymentCodec.json(PAYMENT)))
                .isNotEqualTo(PaymentCodec.legacyHash(PaymentCodec.json(PAYMENT)));
        assertThat(vault.requestHash(PaymentCodec.json(otherCashier))).isNotEqualTo(hash);
        assertThat(vault.requestHash(PaymentCodec.json(PAYMENT.withCard("9276004429940000"))))
                .isNotEqualTo(hash);
    }

    @Test
    void storedPaymentShowsTheCardMaskedAndStillSendsTheFullNumber() {
        CardVault vault = TestCardKeys.vault();
        CashPayment p = CashPayment.of("acme", PAYMENT, vault);

        assertThat(p.requestJson).doesNotContain("9276004429942845").contains("************2845");
        assertThat(p.cardSealed).startsWith("cur:").doesNotContain("2845");
        assertThat(p.request(vault)).isEqualTo(PAYMENT);
        assertThat(p.sameRequest(PAYMENT, vault)).isTrue();
        assertThat(p.sameRequest(PAYMENT.withCard("9276004429940000"), vault)).isFalse();
    }

    @Test
    void merchantRefIsDeterministicPerMerchantOrderAndAttempt() {
        String ref = PaymentCodec.merchantRef("acme", "SO-1", 1);

        assertThat(ref).matches("erpb-[0-9a-f]{32}").isEqualTo(PaymentCodec.merchantRef("acme", "SO-1", 1));
        assertThat(ref)
                .isNotEqualTo(PaymentCodec.merchantRef("acme", "SO-1", 2))
                .isNotEqualTo(PaymentCodec.merchantRef("bravo", "SO-1", 1))
                .isNotEqualTo(PaymentCodec.merchantRef("acme", "SO-2", 1));
    }
}
