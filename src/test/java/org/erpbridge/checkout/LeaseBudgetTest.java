package org.erpbridge.checkout;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.erpbridge.merchant.Grant;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Secret;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseBudgetTest {

    @Test
    void aLeaseThatCannotHoldATokenFetchAndOneCallIsRefusedNamingTheKeys() {
        Merchant shop = merchant(Duration.ofSeconds(2), Duration.ofSeconds(10)); // 2 x 12 s + settle 2 s = 26 s

        assertThat(LeaseBudget.problems(Duration.ofSeconds(30), Duration.ofSeconds(2), List.of(shop)))
                .isEmpty();
        assertThat(LeaseBudget.problems(Duration.ofSeconds(26), Duration.ofSeconds(2), List.of(shop)))
                .singleElement()
                .asString()
                .contains("bridge.checkout.recovery-grace (PT26S)")
                .contains("bridge.merchants.shop.secuconnect.connect-timeout");
    }

    private static Merchant merchant(Duration connect, Duration read) {
        return new Merchant(
                "shop",
                java.util.Currency.getInstance("EUR"),
                new Merchant.SecuconnectSettings(
                        URI.create("https://connect-testing.secuconnect.com"),
                        Grant.CLIENT_CREDENTIALS,
                        "id",
                        new Secret("secret-secret-secret"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        connect,
                        read,
                        false,
                        new Merchant.CallBound(32, 8)),
                null,
                null);
    }
}
