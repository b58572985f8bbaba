package org.erpbridge.secuconnect;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.BridgeConfig;

/** One circuit breaker per merchant, so one merchant's outage never slows the others. */
@ApplicationScoped
class MerchantBreakers {
    private final BridgeConfig.SecuconnectClientSettings.Breaker config;
    private final SecuconnectMetrics metrics;
    private final Map<String, MerchantCircuitBreaker> byMerchant = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    MerchantBreakers(BridgeConfig config, SecuconnectMetrics metrics) {
        this.config = config.secuconnect().breaker();
        this.metrics = metrics;
    }

    /** Closes the merchant's breaker and clears its history (operator action after a fixed outage). */
    void reset(String merchant) {
        MerchantCircuitBreaker breaker = byMerchant.get(merchant);
        if (breaker != null) {
            breaker.reset();
        }
    }

    MerchantCircuitBreaker of(String merchant) {
        return byMerchant.computeIfAbsent(merchant, k -> {
            MerchantCircuitBreaker breaker = new MerchantCircuitBreaker(config.requestVolume(), config.failureRatio(),
                    config.delay(), config.successThreshold(), clock);
            metrics.watch(k, breaker);
            return breaker;
        });
    }
}
