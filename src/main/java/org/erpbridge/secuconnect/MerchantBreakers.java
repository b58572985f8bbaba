package org.erpbridge.secuconnect;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.BridgeConfig;

/**
 * Two circuit breakers per merchant, one per {@link Lane}: one merchant's outage never slows the others, and failing
 * background calls (a reconciliation listing that times out) never make the merchant's payments fail fast.
 */
@ApplicationScoped
class MerchantBreakers {
    private final BridgeConfig.SecuconnectClientSettings.Breaker config;
    private final SecuconnectMetrics metrics;
    private final Map<Key, MerchantCircuitBreaker> byMerchant = new ConcurrentHashMap<>();
    private final Clock clock;

    private record Key(String merchant, Lane lane) {}

    MerchantBreakers(BridgeConfig config, SecuconnectMetrics metrics, Clock clock) {
        this.config = config.secuconnect().breaker();
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Closes both of the merchant's breakers and clears their history (operator action after a fixed outage). */
    void reset(String merchant) {
        for (Lane lane : Lane.values()) {
            MerchantCircuitBreaker breaker = byMerchant.get(new Key(merchant, lane));
            if (breaker != null) {
                breaker.reset();
            }
        }
    }

    /** Whether that breaker of the merchant is open now; false for one that never saw a call. */
    boolean isOpen(String merchant, Lane lane) {
        MerchantCircuitBreaker breaker = byMerchant.get(new Key(merchant, lane));
        return breaker != null && breaker.isOpen();
    }

    MerchantCircuitBreaker of(String merchant, Lane lane) {
        return byMerchant.computeIfAbsent(new Key(merchant, lane), k -> {
            MerchantCircuitBreaker breaker = new MerchantCircuitBreaker(
                    config.requestVolume(), config.failureRatio(), config.delay(), config.successThreshold(), clock);
            metrics.watch(k.merchant(), k.lane(), breaker);
            return breaker;
        });
    }
}
