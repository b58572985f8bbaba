package org.erpbridge.secuconnect;

import io.quarkus.arc.Arc;

/**
 * Lets tests of other features start from a clean secuconnect client: no cached tokens, closed circuit
 * breakers (a previous test's outage must not make the next one fail fast).
 */
public final class SecuconnectClientState {
    private SecuconnectClientState() {}

    public static void reset(String... merchants) {
        TokenBrokers tokens = Arc.container().instance(TokenBrokers.class).get();
        MerchantBreakers breakers =
                Arc.container().instance(MerchantBreakers.class).get();
        for (String merchant : merchants) {
            tokens.forget(merchant);
            breakers.reset(merchant);
        }
    }

    /** Opens the merchant's payment circuit breaker as a burst of failures would. */
    public static void openBreaker(String merchant) {
        MerchantCircuitBreaker breaker =
                Arc.container().instance(MerchantBreakers.class).get().of(merchant, Lane.PAYMENT);
        while (!breaker.isOpen()) {
            breaker.recordFailure();
        }
    }
}
