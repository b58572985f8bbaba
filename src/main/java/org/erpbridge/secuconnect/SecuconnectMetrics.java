package org.erpbridge.secuconnect;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The client's meters; every one carries the {@code merchant} tag. */
@ApplicationScoped
class SecuconnectMetrics {
    static final String CALLS = "secuconnect.calls";
    static final String TOKEN_REFRESHES = "secuconnect.token.refreshes";
    static final String CIRCUIT_OPEN = "secuconnect.circuit.open";
    static final String BOUND_REACHED = "secuconnect.calls.bound-reached";

    private final MeterRegistry registry;

    SecuconnectMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void call(String merchant, Operation op, CallOutcome outcome, Duration duration) {
        Timer.builder(CALLS)
                .description("secuconnect calls by operation and outcome")
                .tag("merchant", merchant)
                .tag("operation", op.label())
                .tag("outcome", outcome.label())
                .register(registry)
                .record(duration);
    }

    void tokenRequested(String merchant) {
        Counter.builder(TOKEN_REFRESHES)
                .description("token requests sent to secuconnect")
                .tag("merchant", merchant)
                .register(registry)
                .increment();
    }

    void watch(String merchant, Lane lane, MerchantCircuitBreaker breaker) {
        Gauge.builder(CIRCUIT_OPEN, breaker, b -> b.isOpen() ? 1 : 0)
                .description(
                        "1 while the merchant's secuconnect circuit breaker of the lane (payment, background) is open")
                .tag("merchant", merchant)
                .tag("lane", lane.label())
                .strongReference(true)
                .register(registry);
    }

    void boundReached(String merchant, Lane lane) {
        Counter.builder(BOUND_REACHED)
                .description("secuconnect calls not sent: the merchant's concurrent-call bound was" + " reached")
                .tag("merchant", merchant)
                .tag("lane", lane.label())
                .register(registry)
                .increment();
    }
}
