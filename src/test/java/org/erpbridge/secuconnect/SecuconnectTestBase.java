package org.erpbridge.secuconnect;

import jakarta.inject.Inject;

import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;
import org.junit.jupiter.api.BeforeEach;

/**
 * Common ground of the client's @QuarkusTest classes: WireMock without stubs, no cached token and closed
 * breakers for every merchant before each test. Subclasses add the stubs they need.
 */
abstract class SecuconnectTestBase {

    @Inject
    Secuconnect secuconnect;

    @Inject
    TokenBrokers tokens;

    @Inject
    MerchantBreakers breakers;

    @Inject
    Merchants merchants;

    @BeforeEach
    void startClean() {
        SecuconnectStubs.wm().resetAll();
        for (Merchant m : merchants.all()) {
            tokens.forget(m.key());
            breakers.reset(m.key());
        }
    }
}
