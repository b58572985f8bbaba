package org.erpbridge.checkout;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.erpbridge.common.Periodic;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * The checkout's meters, each tagged {@code merchant}: payments by outcome and their duration (counted once the
 * transaction that stored the outcome has committed), and two gauges every replica refreshes from the database
 * every recovery-interval on its own thread (not through the clustered scheduler, which would update one pod
 * only): payments waiting for recovery and payments in review.
 */
@ApplicationScoped
class PaymentMetrics {
    static final String PAYMENTS = "bridge.payments";
    static final String DURATION = "bridge.payment.duration";
    static final String STUCK = "bridge.payments.stuck";
    static final String REVIEW = "bridge.payments.review";
    private static final List<PaymentState> OUTCOMES =
            List.of(PaymentState.COMPLETED, PaymentState.FAILED, PaymentState.REVIEW, PaymentState.CANCELLED);
    // buckets for the histogram: sync-wait is 10 s by default, recovery works in minutes
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(30)
    };
    private static final Logger LOG = Logger.getLogger(PaymentMetrics.class);

    private final MeterRegistry registry;
    private final Merchants merchants;
    private final PaymentStore store;
    private final Clock clock;
    private final Duration refreshInterval;
    private Periodic refresher;
    private final Map<String, AtomicLong> stuck = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> review = new ConcurrentHashMap<>();

    PaymentMetrics(MeterRegistry registry, Merchants merchants, PaymentStore store, Clock clock, BridgeConfig config) {
        this.registry = registry;
        this.merchants = merchants;
        this.store = store;
        this.clock = clock;
        this.refreshInterval = config.checkout().recoveryInterval();
    }

    void register(@Observes StartupEvent start) {
        for (Merchant m : merchants.all()) {
            String merchant = m.key();
            // every series exists from the start, so rate() and increase() see the first payment
            OUTCOMES.forEach(outcome -> payments(merchant, outcome));
            duration(merchant, PaymentState.COMPLETED);
            Gauge.builder(STUCK, stuck.computeIfAbsent(merchant, k -> new AtomicLong()), AtomicLong::get)
                    .description("Unfinished payments whose lease ran out: waiting for recovery")
                    .tag("merchant", merchant)
                    .register(registry);
            Gauge.builder(REVIEW, review.computeIfAbsent(merchant, k -> new AtomicLong()), AtomicLong::get)
                    .description("Payments waiting for an operator (state REVIEW)")
                    .tag("merchant", merchant)
                    .register(registry);
        }
        Duration every = refreshInterval.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : refreshInterval;
        refresher = Periodic.every("payment-gauges", Duration.ZERO, every, this::refreshGauges);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (refresher != null) {
            refresher.close();
        }
    }

    void settled(@Observes(during = TransactionPhase.AFTER_SUCCESS) PaymentSettled event) {
        payments(event.merchant(), event.outcome()).increment();
        if (event.duration() != null) {
            duration(event.merchant(), event.outcome()).record(event.duration());
        }
    }

    void refreshGauges() {
        stuck.forEach((merchant, value) -> {
            try {
                PaymentStore.Backlog backlog = store.backlog(merchant, clock.instant());
                value.set(backlog.stuck());
                review.get(merchant).set(backlog.review());
            } catch (RuntimeException e) {
                LOG.warnf("Could not count the unfinished payments of merchant %s: %s", merchant, e.toString());
            }
        });
    }

    private Counter payments(String merchant, PaymentState outcome) {
        return Counter.builder(PAYMENTS)
                .description("Cash payments by outcome")
                .tag("merchant", merchant)
                .tag("outcome", outcome.apiStatus())
                .register(registry);
    }

    private Timer duration(String merchant, PaymentState outcome) {
        return Timer.builder(DURATION)
                .description("From the start of a payment attempt to its outcome")
                .tag("merchant", merchant)
                .tag("outcome", outcome.apiStatus())
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
