package org.erpbridge.secuconnect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check "secuconnect": per merchant whether a token can be obtained ({@code UP}/{@code DOWN}) or
 * {@code sandbox}. The check itself stays UP: one merchant's outage must not take the pod out of service for
 * all the others. Results are reused for {@code bridge.secuconnect.health-cache-ttl} so probes do not hammer
 * secuconnect. An open breaker adds {@code <merchant>.payment-breaker} or {@code <merchant>.background-breaker}
 * ({@code open}), read anew on every probe. No lock is held while secuconnect is asked: one caller refreshes the result, and a probe arriving
 * meanwhile gets the previous result at once instead of queueing behind the token calls.
 */
@Readiness
@ApplicationScoped
public class SecuconnectReadinessCheck implements HealthCheck {
    static final String NAME = "secuconnect";
    static final String CHECKING = "checking";

    private record Snapshot(Map<String, String> states, Instant checkedAt) {}

    private final Merchants merchants;
    private final Secuconnect secuconnect;
    private final MerchantBreakers breakers;
    private final Duration ttl;
    private final Clock clock;
    private final AtomicReference<Snapshot> last = new AtomicReference<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();

    SecuconnectReadinessCheck(
            Merchants merchants, Secuconnect secuconnect, MerchantBreakers breakers, BridgeConfig config, Clock clock) {
        this.clock = clock;
        this.breakers = breakers;
        this.merchants = merchants;
        this.secuconnect = secuconnect;
        this.ttl = config.secuconnect().healthCacheTtl();
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> current = states();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        current.forEach(response::withData);
        for (Merchant m : merchants.all()) {
            for (Lane lane : Lane.values()) {
                if (breakers.isOpen(m.key(), lane)) {
                    response.withData(m.key() + "." + lane.label() + "-breaker", "open");
                }
            }
        }
        return response.build();
    }

    /**
     * Merchant key to {@code UP}, {@code DOWN} or {@code sandbox}; recomputed at most once per TTL, by one caller at a
     * time. While it runs, others get the previous result (or {@code checking} before the very first one).
     */
    Map<String, String> states() {
        Snapshot previous = last.get();
        if (previous != null && clock.instant().isBefore(previous.checkedAt().plus(ttl))) {
            return previous.states();
        }
        if (!refreshing.compareAndSet(false, true)) {
            return previous != null ? previous.states() : checking();
        }
        try {
            Map<String, String> fresh = new LinkedHashMap<>();
            for (Merchant m : merchants.all()) {
                fresh.put(
                        m.key(),
                        m.secuconnect().sandbox() ? "sandbox" : secuconnect.tokenObtainable(m.key()) ? "UP" : "DOWN");
            }
            Map<String, String> states = Collections.unmodifiableMap(fresh);
            last.set(new Snapshot(states, clock.instant())); // the TTL counts from the answer, however long it took
            return states;
        } finally {
            refreshing.set(false);
        }
    }

    private Map<String, String> checking() {
        Map<String, String> states = new LinkedHashMap<>();
        merchants.all().forEach(m -> states.put(m.key(), m.secuconnect().sandbox() ? "sandbox" : CHECKING));
        return states;
    }
}
