package org.erpbridge.secuconnect;

import io.quarkus.arc.Arc;

/** Lets tests of other features start from a clean secuconnect client: closed breaker, no cached token. */
public final class ClientTestState {
    private ClientTestState() {
    }

    public static void reset(String merchant) {
        Arc.container().instance(MerchantBreakers.class).get().reset(merchant);
        Arc.container().instance(TokenBrokers.class).get().forget(merchant);
    }
}
