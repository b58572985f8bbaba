package org.erpbridge.secuconnect;

import jakarta.inject.Inject;

import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;
import org.erpbridge.testing.SecuconnectStubs;

import org.junit.jupiter.api.BeforeEach;

/**
 * Common ground of the client's @QuarkusTest classes: WireMock without stubs, no cached token and closed
 * breakers for every merchant before each test. Subclasses add the stubs they need.
 */
abstract class SecuconnectTestBase {

    @Inject
    Secuconnect secuconnect;

    @Inject
    MerchantBreakers breakers;

    @Inject
    Merchants merchants;

    @BeforeEach
    void startClean() {
        SecuconnectStubs.wm().resetAll();
        SecuconnectClientState.reset(merchants.all().stream().map(Merchant::key).toArray(String[]::new));
    }
}
