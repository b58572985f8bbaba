package org.erpbridge.checkout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.erpbridge.carddata.CardDataConversion;
import org.erpbridge.carddata.CardVault;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.StoredText;

import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.CARD;
import static org.erpbridge.checkout.CheckoutFixtures.postPayment;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.testing.Database.string;
import static org.erpbridge.testing.SecuconnectStubs.ACME;

/**
 * Card numbers at rest on the payment path: nothing stores a full number once a payment completed, a resend is
 * still recognised (and one with another card refused) after the number was dropped, and a payment stored in the
 * old plain form is converted.
 */
@QuarkusTest
class CardNumbersAtRestTest extends CheckoutTestBase {
    private static final String OTHER_CARD = "9276004429940000";

    @Inject
    CardVault vault;

    @Inject
    CardDataConversion conversion;

    @Test
    void noTableHoldsTheFullCardNumberAfterAPaymentCompleted() {
        CheckoutFixtures.stubHappyPath("SO-R1");

        postPayment(ACME, seedOrder("SO-R1")).then().statusCode(200);
        // the card was new to the bridge: its balances are stored right after the payment's commit
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> CheckoutFixtures.rows("card_balance") == 1 && CheckoutFixtures.rows("outbox_event") >= 2);

        assertThat(StoredText.containing(List.of(CARD))).isEmpty();
        assertThat(string("select count(*) from cash_payment where card_sealed is null and card_masked = '"
                        + CheckoutFixtures.MASKED_CARD + "'"))
                .as("settled: the encrypted number is gone too")
                .isEqualTo("1");
        assertThat(string("select card_hash from card_balance")).isEqualTo(vault.lookupHash(CARD));
    }

    @Test
    void aResendAfterSettlementIsRecognisedAndOneWithAnotherCardIsAConflict() {
        CheckoutFixtures.stubHappyPath("SO-R2");
        postPayment(ACME, seedOrder("SO-R2")).then().statusCode(200);

        postPayment(ACME, seedOrder("SO-R2")).then().statusCode(200);
        postPayment(ACME, seedOrder("SO-R2").replace(CARD, OTHER_CARD)).then().statusCode(409);
    }

    @Test
    void aPaymentStoredWithItsPlainNumberIsConverted() {
        CashPayment p =
                store.insert(ACME, validated("SO-R3"), PaymentState.RECEIVED).orElseThrow();
        String plainJson = PaymentCodec.json(p.request(vault));
        String legacyHash = PaymentCodec.legacyHash(plainJson);
        // what the previous version wrote: the request with the full number, an unkeyed hash, nothing encrypted
        Database.execute("update cash_payment set request_json = '" + plainJson + "', request_hash = '"
                + legacyHash + "', card_sealed = null, plain_card = true, lease_until = timestamp with time zone "
                + "'2026-01-01 00:00:00+00' where id = " + p.id);
        Database.execute("update cash_payment_attempt set request_hash = '" + legacyHash + "'");
        assertThat(StoredText.containing(List.of(CARD))).containsExactly("cash_payment.request_json: " + CARD);
        assertThat(store.get(ACME, p.id).sameRequest(validated("SO-R3"), vault))
                .as("before the conversion")
                .isTrue();

        assertThat(conversion.convertAll(10)).isEqualTo(1);

        CashPayment converted = store.get(ACME, p.id);
        assertThat(StoredText.containing(List.of(CARD))).isEmpty();
        assertThat(converted.requestJson).contains(CheckoutFixtures.MASKED_CARD);
        assertThat(converted.requestHash).isEqualTo(vault.requestHash(plainJson));
        assertThat(converted.version)
                .as("a worker holding the old row can write nothing over it")
                .isEqualTo(p.version + 1);
        assertThat(converted.request(vault).loyaltyCard())
                .as("unsettled: still sendable")
                .isEqualTo(CARD);
        assertThat(converted.sameRequest(validated("SO-R3"), vault)).isTrue();
        assertThat(string("select request_hash from cash_payment_attempt")).isEqualTo(converted.requestHash);
        assertThat(string("select plain_card::text from cash_payment")).isEqualTo("false");
        assertThat(conversion.convertAll(10)).isZero();
    }

    private ValidatedPayment validated(String orderId) {
        return validator.validate(
                merchants.get(ACME), reader.read(seedOrder(orderId).getBytes(StandardCharsets.UTF_8)));
    }
}
