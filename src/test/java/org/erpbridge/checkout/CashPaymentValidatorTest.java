package org.erpbridge.checkout;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;

import org.erpbridge.common.ApiProblem;
import org.erpbridge.merchant.Merchant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Validation rules and the canonical form, without Quarkus. */
class CashPaymentValidatorTest {
    private static final Merchant ACME = new Merchant("acme", Currency.getInstance("EUR"), null, null, null);
    private final CashPaymentValidator validator =
            new CashPaymentValidator(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));

    private static CashPaymentRequest.Line line(long quantity, long unitPrice) {
        return new CashPaymentRequest.Line("30037", "", "Sandwich", quantity, unitPrice, 7);
    }

    private static CashPaymentRequest request(Long total, String card, List<CashPaymentRequest.Line> lines) {
        return new CashPaymentRequest(
                "SO-1", "EUR", total, card, lines, "KASSE-1", "Anna", "2026-11-23T09:18:14+01:00");
    }

    @Test
    void canonicalFormNormalisesEmptyValuesAndTheInstant() {
        ValidatedPayment v = validator.validate(ACME, request(349L, "", List.of(line(1, 349))));

        assertThat(v.loyaltyCard()).isNull();
        assertThat(v.lines().get(0).ean()).isNull();
        assertThat(v.paidAt()).isEqualTo("2026-11-23T08:18:14Z");
    }

    @Test
    void everyOffendingFieldIsNamedAtOnce() {
        CashPaymentRequest bad =
                new CashPaymentRequest("SO 1", "USD", null, "1234", List.of(line(0, -1)), null, null, "soon");

        assertThatThrownBy(() -> validator.validate(ACME, bad)).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(422);
            assertThat(p.errors())
                    .extracting(ApiProblem.FieldError::field)
                    .containsExactly(
                            "orderId",
                            "currency",
                            "total",
                            "loyaltyCard",
                            "lines[0].quantity",
                            "lines[0].unitPrice",
                            "paidAt");
            assertThat(p.detail()).isEqualTo("7 fields are not valid");
        });
    }

    @Test
    void totalMustEqualTheSumOfTheLines() {
        assertThatThrownBy(() -> validator.validate(ACME, request(500L, null, List.of(line(2, 249)))))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        p -> assertThat(p.errors().get(0).reason()).contains("498"));
    }

    @Test
    void sumsAtTheLimitsAreExact() {
        List<CashPaymentRequest.Line> lines = List.of(line(2, 1_000_000_000L), line(1, 147_483_647L));

        assertThat(validator
                        .validate(ACME, request(2_147_483_647L, null, lines))
                        .total())
                .isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void cardMustBeASecucardNumber() {
        assertThat(validator
                        .validate(ACME, request(349L, "9276004429942845", List.of(line(1, 349))))
                        .loyaltyCard())
                .isEqualTo("9276004429942845");
        assertThatThrownBy(() -> validator.validate(ACME, request(349L, "5276004429942845", List.of(line(1, 349)))))
                .isInstanceOfSatisfying(
                        ApiProblem.class, p -> assertThat(p.detail()).doesNotContain("5276"));
    }

    @Test
    void textRulesCountCharactersAndRefuseInvisibleOnes() {
        assertThat(TextRules.problem("Brötchen – groß 🥐", 17)).isNull();
        assertThat(TextRules.problem("🥐".repeat(3), 2)).contains("at most 2");
        assertThat(TextRules.problem("a\u202Eb", 10)).contains("invisible");
        assertThat(TextRules.problem("a\u0000b", 10)).contains("control");
        assertThat(TextRules.problem("a\uDC00b", 10)).contains("surrogate");
    }
}
