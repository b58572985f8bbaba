package org.erpbridge.outbox;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.erpbridge.common.Backoff;
import org.erpbridge.common.DaemonThreads;
import org.erpbridge.common.Periodic;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.DurationConverter;
import org.jboss.logging.Logger;

/**
 * Delivers outbox events to the merchants' callback URLs, each merchant's on its own: a pass runs one lane per
 * merchant, lanes of different merchants in parallel on {@code bridge.outbox.delivery-threads} threads, so an ERP
 * that answers slowly (or not at all, until the request timeout) delays only its own callbacks. The scheduled worker
 * runs on a thread of its own, never on Quartz's shared ones, and starts a merchant's lane again only once its last
 * one has ended. Safe on several replicas and for concurrent passes: each lane claims the merchant's due rows ({@code FOR UPDATE SKIP LOCKED} + a lease, committed before any HTTP call), sends
 * them, and records each outcome only while it still holds the row. 2xx: delivered, never sent again. Anything
 * else: retried with capped exponential backoff and full jitter until {@code bridge.outbox.max-age} after the
 * event occurred, then {@code dead}.
 */
@ApplicationScoped
public class OutboxDelivery {
    private static final Logger LOG = Logger.getLogger(OutboxDelivery.class);
    /** Upper bound of batches per pass, so one pass cannot run forever while events keep arriving. */
    private static final int MAX_BATCHES_PER_PASS = 50;

    private static final Duration MIN_MAX_AGE = Duration.ofHours(24);

    private final OutboxStore store;
    private final CallbackSender sender;
    private final Merchants merchants;
    private final BridgeConfig.Outbox config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Backoff backoff;
    private final String workerId =
            hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, AtomicLong> backlogGauges = new ConcurrentHashMap<>();
    /** Merchants whose scheduled lane is running or waiting for a thread. */
    private final Set<String> lanesBusy = ConcurrentHashMap.newKeySet();

    private final ExecutorService lanes;
    private Periodic schedule;

    @Inject
    OutboxDelivery(
            OutboxStore store,
            CallbackSender sender,
            Merchants merchants,
            BridgeConfig config,
            Clock clock,
            MeterRegistry registry) {
        this.store = store;
        this.sender = sender;
        this.merchants = merchants;
        this.config = config.outbox();
        this.clock = clock;
        this.registry = registry;
        this.backoff =
                new Backoff(this.config.baseBackoff(), this.config.maxBackoff(), Duration.ofSeconds(1), new Random());
        // at most one lane per merchant is queued by the schedule, so the queue stays as short as the merchant list
        this.lanes = Executors.newFixedThreadPool(
                Math.max(1, this.config.deliveryThreads()), DaemonThreads.named("outbox-delivery"));
    }

    void onStart(@Observes StartupEvent start) {
        List<String> problems = validate(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid outbox configuration: " + String.join("; ", problems));
        }
        for (Merchant m : merchants.all()) {
            AtomicLong value = backlogGauges.computeIfAbsent(m.key(), k -> new AtomicLong());
            Gauge.builder("outbox.backlog", value, AtomicLong::get)
                    .description("Events waiting for delivery to the merchant's ERP")
                    .tag("merchant", m.key())
                    .register(registry);
        }
        refreshBacklogGauges();
        if (!isOff(config.pollInterval())) {
            Duration every =
                    DurationConverter.parseDuration(config.pollInterval().trim());
            schedule = Periodic.every("outbox-schedule", every, every, this::scheduledPass);
        }
    }

    void stopScheduling(@Observes ShutdownEvent stop) {
        if (schedule != null) {
            schedule.close();
        }
    }

    @PreDestroy
    void stop() {
        lanes.shutdownNow();
    }

    /** Problems with the {@code bridge.outbox.*} settings, each naming its key; empty when they are usable. */
    static List<String> validate(BridgeConfig.Outbox c) {
        List<String> problems = new ArrayList<>();
        if (c.maxAge().compareTo(MIN_MAX_AGE) < 0) {
            problems.add("bridge.outbox.max-age must be at least 24h (callbacks are retried at least a day), was "
                    + c.maxAge());
        }
        if (c.deliveryThreads() < 1) {
            problems.add("bridge.outbox.delivery-threads must be positive, was " + c.deliveryThreads());
        }
        if (!isOff(c.pollInterval())) {
            try {
                Duration every =
                        DurationConverter.parseDuration(c.pollInterval().trim());
                if (every == null || every.isNegative() || every.isZero()) {
                    problems.add("bridge.outbox.poll-interval must be positive or off, was " + c.pollInterval());
                }
            } catch (IllegalArgumentException e) {
                problems.add(
                        "bridge.outbox.poll-interval must be a duration (e.g. 5s) or off, was " + c.pollInterval());
            }
        }
        if (c.batchSize() < 1) {
            problems.add("bridge.outbox.batch-size must be positive, was " + c.batchSize());
        }
        if (c.requestTimeout().isNegative() || c.requestTimeout().isZero()) {
            problems.add("bridge.outbox.request-timeout must be positive");
        }
        if (c.lease().compareTo(c.requestTimeout().multipliedBy(2)) < 0) {
            problems.add("bridge.outbox.lease must be at least twice bridge.outbox.request-timeout, was " + c.lease());
        }
        if (c.baseBackoff().isNegative()
                || c.baseBackoff().isZero()
                || c.maxBackoff().compareTo(c.baseBackoff()) < 0) {
            problems.add("bridge.outbox.base-backoff must be positive and not above bridge.outbox.max-backoff");
        }
        return problems;
    }

    /** Starts a lane for every merchant whose previous scheduled lane has ended; waits for none of them. */
    private void scheduledPass() {
        for (Merchant m : merchants.all()) {
            if (lanesBusy.add(m.key())) {
                try {
                    lanes.execute(() -> {
                        try {
                            deliverMerchant(m.key());
                        } catch (RuntimeException e) {
                            LOG.warnf(e, "Outbox delivery for merchant %s failed; the next pass retries", m.key());
                        } finally {
                            lanesBusy.remove(m.key());
                            refreshBacklogGauge(m.key());
                        }
                    });
                } catch (RejectedExecutionException e) {
                    lanesBusy.remove(m.key()); // shutting down
                }
            }
        }
    }

    /**
     * Runs one delivery pass now and waits for it: every merchant's lane, in parallel, each claiming and sending the
     * merchant's due events batch by batch until none is due. Safe to call concurrently with other passes and replicas.
     */
    public DeliveryPass deliverDue() {
        List<Future<DeliveryPass>> running = new ArrayList<>();
        for (Merchant m : merchants.all()) {
            running.add(lanes.submit(() -> deliverMerchant(m.key())));
        }
        DeliveryPass total = DeliveryPass.EMPTY;
        for (Future<DeliveryPass> lane : running) {
            try {
                total = total.plus(lane.get());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        refreshBacklogGauges();
        return total;
    }

    /** One merchant's lane: its due events, batch by batch, one after another. */
    private DeliveryPass deliverMerchant(String merchant) {
        DeliveryPass total = DeliveryPass.EMPTY;
        for (int batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
            Instant now = clock.instant();
            List<ClaimedEvent> claimed =
                    store.claim(merchant, now, config.batchSize(), now.plus(config.lease()), workerId);
            if (claimed.isEmpty()) {
                break;
            }
            total = total.plus(deliverBatch(claimed));
            if (claimed.size() < config.batchSize()) {
                break;
            }
        }
        return total;
    }

    /** The merchant's undelivered events (pending and dead) and the age of the oldest pending one. */
    public OutboxBacklog backlog(String merchant) {
        return store.backlog(merchants.get(merchant).key());
    }

    /**
     * Sends a claimed batch in order. Failures are recorded one by one as they happen; the deliveries of the batch
     * are recorded together at its end (one commit instead of one per event): should the worker die before that,
     * the batch's delivered events are sent again after their lease, which at-least-once delivery allows.
     */
    private DeliveryPass deliverBatch(List<ClaimedEvent> claimed) {
        Map<Integer, List<ClaimedEvent>> delivered = new HashMap<>();
        int failed = 0;
        int dead = 0;
        int recorded = 0;
        try {
            for (int i = 0; i < claimed.size(); i++) {
                ClaimedEvent event = claimed.get(i);
                // stop before the lease could run out mid-request; the rest go back to the queue at once
                if (clock.instant().plus(config.requestTimeout()).isAfter(event.leaseUntil())) {
                    store.release(claimed.subList(i, claimed.size()), workerId);
                    break;
                }
                CallbackSender.Result result = send(event);
                if (result.delivered()) {
                    delivered
                            .computeIfAbsent(result.status(), s -> new ArrayList<>())
                            .add(event);
                    count(event.merchant(), "delivered");
                    LOG.debugf(
                            "Delivered event %s (%s) to merchant %s on attempt %d",
                            event.id(), event.type(), event.merchant(), event.attempts() + 1);
                } else if (recordFailure(event, result) == Outcome.DEAD) {
                    dead++;
                } else {
                    failed++;
                }
            }
        } finally {
            recorded = store.markDelivered(delivered, workerId, clock.instant()); // rows whose lease was lost are not
        }
        return new DeliveryPass(claimed.size(), recorded, failed, dead);
    }

    private enum Outcome {
        FAILED,
        DEAD
    }

    private CallbackSender.Result send(ClaimedEvent event) {
        Optional<Merchant> merchant = merchants.find(event.merchant());
        Optional<URI> url = merchant.flatMap(m -> m.erp().callbackUrl());
        return url.isEmpty()
                ? new CallbackSender.Result(false, null, "merchant has no callback URL configured")
                : sender.send(url.get(), merchant.get().erp(), event);
    }

    /** Records a failed attempt: retried with backoff, or dead once the event is older than max-age. */
    private Outcome recordFailure(ClaimedEvent event, CallbackSender.Result result) {
        Instant now = clock.instant();
        int attempt = event.attempts() + 1;
        if (!now.isBefore(event.occurredAt().plus(config.maxAge()))) {
            store.markDead(event, workerId, now, result.status(), result.error());
            count(event.merchant(), "dead");
            LOG.warnf(
                    "Giving up event %s (%s) for merchant %s after %d attempts over %s: %s",
                    event.id(), event.type(), event.merchant(), attempt, config.maxAge(), result.error());
            return Outcome.DEAD;
        }
        Instant next = now.plus(backoff.delay(attempt - 1));
        store.markRetry(event, workerId, now, result.status(), result.error(), next);
        count(event.merchant(), "failed");
        LOG.infof(
                "Event %s (%s) for merchant %s not delivered on attempt %d (%s); next attempt at %s",
                event.id(), event.type(), event.merchant(), attempt, result.error(), next);
        return Outcome.FAILED;
    }

    private void count(String merchant, String outcome) {
        registry.counter("outbox.deliveries", "merchant", merchant, "outcome", outcome)
                .increment();
    }

    private void refreshBacklogGauges() {
        backlogGauges.keySet().forEach(this::refreshBacklogGauge);
    }

    private void refreshBacklogGauge(String merchant) {
        AtomicLong value = backlogGauges.get(merchant);
        if (value != null) {
            value.set(store.backlog(merchant).pending());
        }
    }

    private static boolean isOff(String interval) {
        String v = interval.trim();
        return v.equalsIgnoreCase("off") || v.equalsIgnoreCase("disabled");
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "bridge" : host;
    }
}
