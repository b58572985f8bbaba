package org.erpbridge.secuconnect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

/**
 * Readiness check "secuconnect": per merchant whether a token can be obtained ({@code UP}/{@code DOWN}) or
 * {@code sandbox}. The check itself stays UP: one merchant's outage must not take the pod out of service for
 * all the others. Results are reused for {@code bridge.secuconnect.health-cache-ttl} so probes do not hammer
 * secuconnect.
 */
@Readiness
@ApplicationScoped
public class SecuconnectReadinessCheck implements HealthCheck {
    static final String NAME = "secuconnect";

    private final Merchants merchants;
    private final Secuconnect secuconnect;
    private final Duration ttl;
    private final Clock clock = Clock.systemUTC();

    private Map<String, String> states;
    private Instant checkedAt;

    SecuconnectReadinessCheck(Merchants merchants, Secuconnect secuconnect, BridgeConfig config) {
        this.merchants = merchants;
        this.secuconnect = secuconnect;
        this.ttl = config.secuconnect().healthCacheTtl();
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> current = states();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        current.forEach(response::withData);
        return response.build();
    }

    /** Merchant key to {@code UP}, {@code DOWN} or {@code sandbox}; recomputed at most once per TTL. */
    synchronized Map<String, String> states() {
        Instant now = clock.instant();
        if (states == null || !now.isBefore(checkedAt.plus(ttl))) {
            Map<String, String> fresh = new LinkedHashMap<>();
            for (Merchant m : merchants.all()) {
                fresh.put(m.key(), m.secuconnect().sandbox() ? "sandbox"
                        : secuconnect.tokenObtainable(m.key()) ? "UP" : "DOWN");
            }
            states = Collections.unmodifiableMap(fresh);
            checkedAt = clock.instant(); // the TTL counts from the answer, however long the checks took
        }
        return states;
    }
}
