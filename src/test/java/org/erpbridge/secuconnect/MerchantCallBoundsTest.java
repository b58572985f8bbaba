package org.erpbridge.secuconnect;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.erpbridge.merchant.Grant;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Secret;
import org.erpbridge.testing.BridgeConfigs;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-merchant bulkhead: a bound in all, a smaller one for background calls, refusal after a short wait. */
class MerchantCallBoundsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MerchantCallBounds bounds = new MerchantCallBounds(
            BridgeConfigs.withShop1(Map.of("bridge.secuconnect.call-wait", "1s")), new SecuconnectMetrics(registry));
    private final Merchant shop = merchant("shop", 4, 2);
    private final Merchant other = merchant("other", 4, 2);

    @Test
    void backgroundCallsLeaveThePaymentShareFree() {
        List<MerchantCallBounds.Place> held = new ArrayList<>();
        held.add(bounds.take(shop, Lane.BACKGROUND, Operation.MERCHANT_CARD_LIST));
        held.add(bounds.take(shop, Lane.BACKGROUND, Operation.MERCHANT_CARD_LIST));

        assertThatThrownBy(() -> bounds.take(shop, Lane.BACKGROUND, Operation.SMART_TRANSACTION_LIST))
                .isInstanceOfSatisfying(SecuconnectUnreachableException.class, e -> {
                    assertThat(e.requestSent()).isFalse();
                    assertThat(e.getMessage()).contains("not sent").contains("shop");
                });
        held.add(bounds.take(shop, Lane.PAYMENT, Operation.SMART_TRANSACTION_CREATE));
        held.add(bounds.take(shop, Lane.PAYMENT, Operation.SMART_TRANSACTION_START));
        assertThatThrownBy(() -> bounds.take(shop, Lane.PAYMENT, Operation.SMART_TRANSACTION_GET))
                .as("all four places taken")
                .isInstanceOf(SecuconnectUnreachableException.class);

        assertThat(registry.get(SecuconnectMetrics.BOUND_REACHED)
                        .tag("merchant", "shop")
                        .tag("lane", "background")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        held.forEach(MerchantCallBounds.Place::close);
    }

    @Test
    void paymentsMayTakeEveryPlaceAndGiveThemBack() {
        List<MerchantCallBounds.Place> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(bounds.take(shop, Lane.PAYMENT, Operation.SMART_TRANSACTION_CREATE));
        }
        assertThatThrownBy(() -> bounds.take(shop, Lane.BACKGROUND, Operation.MERCHANT_CARD_LIST))
                .as("a background call needs a place in all as well")
                .isInstanceOf(SecuconnectUnreachableException.class);

        held.remove(0).close();
        held.add(bounds.take(shop, Lane.BACKGROUND, Operation.MERCHANT_CARD_LIST));
        held.forEach(MerchantCallBounds.Place::close);
        for (int i = 0; i < 4; i++) {
            bounds.take(shop, Lane.PAYMENT, Operation.SMART_TRANSACTION_CREATE); // every place came back
        }
    }

    @Test
    void oneMerchantsFullBoundLeavesAnotherMerchantAlone() {
        for (int i = 0; i < 4; i++) {
            bounds.take(shop, Lane.PAYMENT, Operation.SMART_TRANSACTION_CREATE);
        }
        long started = System.nanoTime();
        assertThat(bounds.take(other, Lane.PAYMENT, Operation.SMART_TRANSACTION_CREATE))
                .isNotNull();
        assertThat((System.nanoTime() - started) / 1_000_000)
                .as("the other merchant does not wait for the call wait of 1 s")
                .isLessThan(500);
    }

    private static Merchant merchant(String key, int max, int background) {
        return new Merchant(
                key,
                Currency.getInstance("EUR"),
                new Merchant.SecuconnectSettings(
                        URI.create("https://connect-testing.secuconnect.com"),
                        Grant.CLIENT_CREDENTIALS,
                        "id",
                        new Secret("secret-secret-secret"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        false,
                        new Merchant.CallBound(max, background)),
                null,
                null);
    }
}
