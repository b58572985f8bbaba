package org.erpbridge.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;

import org.erpbridge.common.JdbcTransactions;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.MutableClock;
import org.erpbridge.testing.WireMockServers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
class OutboxDeliveryTest {
    private static final String CALLBACK_PATH = "/erp/acme/events";
    private static final String ACME_SECRET = "acme-signing-secret-0123456789";

    @Inject
    EventOutbox outbox;

    @Inject
    OutboxDelivery delivery;

    @Inject
    MeterRegistry registry;

    @Inject
    ObjectMapper json;

    @Inject
    JdbcTransactions transactions;

    private final WireMockServer erp = WireMockServers.server();
    private MutableClock clock;

    @BeforeEach
    void reset() {
        Database.truncateAll();
        erp.resetAll();
        clock = MutableClock.install();
        erp.stubFor(post(urlEqualTo(CALLBACK_PATH)).willReturn(aResponse().withStatus(204)));
    }

    private UUID publish(String merchant, Object data) {
        return QuarkusTransaction.requiringNew()
                .call(() -> outbox.publish(merchant, EventOutbox.CASH_PAYMENT_COMPLETED, data));
    }

    private List<LoggedRequest> callbacksFor(UUID id) {
        return erp.findAll(
                postRequestedFor(urlEqualTo(CALLBACK_PATH)).withHeader("X-Event-Id", equalTo(id.toString())));
    }

    private static OutboxEvent row(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>findById(id));
    }

    private double deliveries(String outcome) {
        Counter c = registry.find("outbox.deliveries")
                .tags("merchant", "acme", "outcome", outcome)
                .counter();
        return c == null ? 0 : c.count();
    }

    /** v2, computed here independently of the bridge: timestamp, method, the callback URL's path, body. */
    private static String hmac(String secret, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + "\nPOST\n" + CALLBACK_PATH + "\n").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void deliveredEventIsSignedAndCarriesTheEnvelope() throws Exception {
        UUID id = publish("acme", Map.of("orderId", "SO-10042", "total", 796, "currency", "EUR"));

        DeliveryPass pass = delivery.deliverDue();

        assertThat(pass.delivered()).isEqualTo(1);
        List<LoggedRequest> received = callbacksFor(id);
        assertThat(received).hasSize(1);
        LoggedRequest request = received.get(0);
        String timestamp = request.getHeader("X-Signature-Timestamp");
        assertThat(Long.parseLong(timestamp)).isEqualTo(clock.instant().getEpochSecond());
        assertThat(request.getHeader("X-Signature")).isEqualTo("v2=" + hmac(ACME_SECRET, timestamp, request.getBody()));
        assertThat(request.getHeader("X-Event-Type")).isEqualTo("cash-payment.completed");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");

        JsonNode envelope = json.readTree(request.getBody());
        assertThat(envelope.fieldNames()).toIterable().containsExactly("id", "type", "merchant", "occurredAt", "data");
        assertThat(envelope.get("id").asText()).isEqualTo(id.toString());
        assertThat(envelope.get("type").asText()).isEqualTo("cash-payment.completed");
        assertThat(envelope.get("merchant").asText()).isEqualTo("acme");
        assertThat(Instant.parse(envelope.get("occurredAt").asText())).isEqualTo(row(id).occurredAt);
        assertThat(envelope.get("data").get("orderId").asText()).isEqualTo("SO-10042");
        assertThat(envelope.get("data").get("total").asLong()).isEqualTo(796);

        OutboxEvent stored = row(id);
        assertThat(stored.status).isEqualTo("delivered");
        assertThat(stored.attempts).isEqualTo(1);
        assertThat(stored.lastStatus).isEqualTo(204);
        assertThat(stored.leaseUntil).isNull();
    }

    @Test
    void eventOfARolledBackTransactionIsNeverDelivered() {
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                    outbox.publish("acme", EventOutbox.CASH_PAYMENT_COMPLETED, Map.of("orderId", "SO-1"));
                    throw new IllegalStateException("the payment change failed");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(Database.count("select count(*) from outbox_event")).isZero();
        assertThat(delivery.deliverDue().claimed()).isZero();
        assertThat(erp.findAll(postRequestedFor(urlEqualTo(CALLBACK_PATH)))).isEmpty();
    }

    @Test
    void anEventOfThePaymentPathsPlainTransactionCommitsAndRollsBackWithIt() {
        assertThatThrownBy(() -> transactions.inTransaction("payment", c -> {
                    outbox.publish("acme", EventOutbox.CASH_PAYMENT_COMPLETED, Map.of("orderId", "SO-1"));
                    throw new IllegalStateException("the payment change failed");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(Database.count("select count(*) from outbox_event")).isZero();

        UUID id = transactions.inTransaction(
                "payment", c -> outbox.publish("acme", EventOutbox.CASH_PAYMENT_COMPLETED, Map.of("orderId", "SO-2")));

        assertThat(row(id).status).isEqualTo(OutboxEvent.PENDING);
        assertThat(delivery.deliverDue().delivered()).isEqualTo(1);
        assertThat(callbacksFor(id)).hasSize(1);
    }

    @Test
    void publishOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> outbox.publish("acme", EventOutbox.CASH_PAYMENT_FAILED, Map.of()))
                .isInstanceOf(TransactionalException.class);
        assertThat(Database.count("select count(*) from outbox_event")).isZero();
    }

    @Test
    void merchantWithoutCallbackUrlGetsNoRow() {
        UUID id = publish("bravo", Map.of("orderId", "SO-2"));
        assertThat(id).isNotNull();
        assertThat(Database.count("select count(*) from outbox_event")).isZero();
    }

    @Test
    void erpFailingTwiceThenAcceptingGetsExactlyThreeAttempts() {
        erp.stubFor(post(urlEqualTo(CALLBACK_PATH))
                .inScenario("flaky")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500))
                .willSetStateTo("failed-once"));
        erp.stubFor(post(urlEqualTo(CALLBACK_PATH))
                .inScenario("flaky")
                .whenScenarioStateIs("failed-once")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("failed-twice"));
        erp.stubFor(post(urlEqualTo(CALLBACK_PATH))
                .inScenario("flaky")
                .whenScenarioStateIs("failed-twice")
                .willReturn(aResponse().withStatus(200)));
        UUID id = publish("acme", Map.of("orderId", "SO-3"));

        assertThat(delivery.deliverDue().failed()).isEqualTo(1);
        assertThat(row(id).status).isEqualTo("pending");
        assertThat(row(id).lastError).isEqualTo("HTTP 500");
        // not due yet: an immediate second pass sends nothing
        assertThat(delivery.deliverDue().claimed()).isZero();
        assertThat(callbacksFor(id)).hasSize(1);

        clock.advance(Duration.ofHours(2));
        assertThat(delivery.deliverDue().failed()).isEqualTo(1);
        assertThat(row(id).lastStatus).isEqualTo(503);
        clock.advance(Duration.ofHours(2));
        assertThat(delivery.deliverDue().delivered()).isEqualTo(1);

        clock.advance(Duration.ofHours(2));
        delivery.deliverDue();
        assertThat(callbacksFor(id)).hasSize(3);
        OutboxEvent stored = row(id);
        assertThat(stored.status).isEqualTo("delivered");
        assertThat(stored.attempts).isEqualTo(3);
        assertThat(stored.lastError).isNull();
        // every attempt sends the same envelope (same id, same occurredAt), freshly signed
        assertThat(callbacksFor(id).stream().map(LoggedRequest::getBodyAsString).distinct())
                .hasSize(1);
        assertThat(callbacksFor(id).stream()
                        .map(r -> r.getHeader("X-Signature-Timestamp"))
                        .distinct())
                .hasSize(3);
    }

    @Test
    void eventAcceptedOnTheFirstTryIsSentExactlyOnce() {
        UUID id = publish("acme", Map.of("orderId", "SO-4"));
        double before = deliveries("delivered");

        delivery.deliverDue();
        delivery.deliverDue();
        clock.advance(Duration.ofDays(1));
        delivery.deliverDue();

        assertThat(callbacksFor(id)).hasSize(1);
        assertThat(row(id).status).isEqualTo("delivered");
        assertThat(deliveries("delivered") - before).isEqualTo(1);
    }

    @Test
    void twoParallelPassesSendEachOfFiftyEventsExactlyOnce() throws Exception {
        erp.stubFor(post(urlEqualTo(CALLBACK_PATH))
                .willReturn(aResponse().withStatus(200).withFixedDelay(15)));
        List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> {
            List<UUID> created = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                created.add(outbox.publish("acme", EventOutbox.CARD_BALANCE_CHANGED, Map.of("n", i)));
            }
            return created;
        });

        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<DeliveryPass>> passes = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                passes.add(threads.submit(() -> {
                    start.await();
                    return delivery.deliverDue();
                }));
            }
            start.countDown();
            DeliveryPass first = passes.get(0).get();
            DeliveryPass second = passes.get(1).get();
            assertThat(first.delivered() + second.delivered()).isEqualTo(50);
            // both passes did real work, so they really competed for the rows
            assertThat(first.delivered()).isPositive();
            assertThat(second.delivered()).isPositive();
        } finally {
            threads.shutdownNow();
        }

        Map<String, Long> perEvent = erp.findAll(postRequestedFor(urlEqualTo(CALLBACK_PATH))).stream()
                .collect(Collectors.groupingBy(r -> r.getHeader("X-Event-Id"), Collectors.counting()));
        assertThat(perEvent).hasSize(50);
        assertThat(perEvent.values()).allMatch(n -> n == 1);
        assertThat(perEvent.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        ids.stream().map(UUID::toString).toList());
        assertThat(Database.count("select count(*) from outbox_event where status = 'delivered'"))
                .isEqualTo(50);
    }

    @Test
    void backoffGrowsAndAnEventOlderThanMaxAgeBecomesDead() {
        erp.stubFor(post(urlEqualTo(CALLBACK_PATH)).willReturn(aResponse().withStatus(500)));
        UUID id = publish("acme", Map.of("orderId", "SO-5"));
        Instant occurred = row(id).occurredAt;
        double deadBefore = deliveries("dead");
        double failedBefore = deliveries("failed");

        // the n-th failure waits at most 10 s * 2^(n-1), capped at 1 h
        long[] ceilingsSeconds = {10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600};
        for (int n = 1; n <= ceilingsSeconds.length; n++) {
            Instant attemptAt = clock.instant();
            assertThat(delivery.deliverDue().failed()).as("attempt %d", n).isEqualTo(1);
            Duration wait = Duration.between(attemptAt, row(id).nextAttemptAt);
            assertThat(wait)
                    .as("wait after failure %d", n)
                    .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(ceilingsSeconds[n - 1]));
            assertThat(row(id).attempts).isEqualTo(n);
            clock.set(row(id).nextAttemptAt);
        }
        assertThat(deliveries("failed") - failedBefore).isEqualTo(ceilingsSeconds.length);

        // still retried late on the third day
        clock.set(occurred.plus(Duration.ofHours(71)));
        assertThat(delivery.deliverDue().failed()).isEqualTo(1);
        assertThat(row(id).status).isEqualTo("pending");

        clock.set(occurred.plus(Duration.ofHours(72)));
        DeliveryPass last = delivery.deliverDue();
        assertThat(last.dead()).isEqualTo(1);
        OutboxEvent dead = row(id);
        assertThat(dead.status).isEqualTo("dead");
        assertThat(dead.lastError).isEqualTo("HTTP 500");
        assertThat(deliveries("dead") - deadBefore).isEqualTo(1);
        int attempts = callbacksFor(id).size();
        assertThat(attempts).isEqualTo(ceilingsSeconds.length + 2);

        clock.advance(Duration.ofDays(10));
        assertThat(delivery.deliverDue().claimed()).isZero();
        assertThat(callbacksFor(id)).hasSize(attempts);
        assertThat(delivery.backlog("acme").dead()).isEqualTo(1);
        assertThat(delivery.backlog("acme").pending()).isZero();
    }

    @Test
    void erpThatDoesNotAnswerInTimeIsAFailedAttempt() {
        erp.stubFor(post(urlEqualTo(CALLBACK_PATH))
                .willReturn(aResponse().withStatus(200).withFixedDelay(1500)));
        UUID id = publish("acme", Map.of("orderId", "SO-6"));

        assertThat(delivery.deliverDue().failed()).isEqualTo(1);

        OutboxEvent stored = row(id);
        assertThat(stored.status).isEqualTo("pending");
        assertThat(stored.lastStatus).isNull();
        assertThat(stored.lastError).isEqualTo("no answer within 1000 ms");
    }

    @Test
    void leaseOfACrashedWorkerExpiresAndALiveLeaseIsRespected() {
        UUID orphaned = publish("acme", Map.of("orderId", "SO-7"));
        UUID leased = publish("acme", Map.of("orderId", "SO-8"));
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            OutboxEvent.update(
                    "leaseUntil = ?1, claimedBy = 'crashed-node' where id = ?2", now.minusSeconds(1), orphaned);
            OutboxEvent.update("leaseUntil = ?1, claimedBy = 'busy-node' where id = ?2", now.plusSeconds(60), leased);
        });

        assertThat(delivery.deliverDue().delivered()).isEqualTo(1);

        assertThat(callbacksFor(orphaned)).hasSize(1);
        assertThat(callbacksFor(leased)).isEmpty();
        assertThat(row(leased).claimedBy).isEqualTo("busy-node");
        clock.advance(Duration.ofSeconds(61));
        assertThat(delivery.deliverDue().delivered()).isEqualTo(1);
        assertThat(callbacksFor(leased)).hasSize(1);
    }

    @Test
    void backlogAndGaugeCountPendingEventsPerMerchant() {
        erp.stubFor(post(urlEqualTo(CALLBACK_PATH)).willReturn(aResponse().withStatus(502)));
        UUID first = publish("acme", Map.of("orderId", "SO-9"));
        clock.advance(Duration.ofSeconds(5));
        publish("acme", Map.of("orderId", "SO-10"));

        OutboxBacklog backlog = delivery.backlog("acme");
        assertThat(backlog.pending()).isEqualTo(2);
        assertThat(backlog.dead()).isZero();
        assertThat(backlog.oldestPendingAt()).contains(row(first).occurredAt);
        assertThat(delivery.backlog("bravo").pending()).isZero();
        assertThat(delivery.backlog("bravo").oldestPendingAt()).isEmpty();

        delivery.deliverDue();
        assertThat(registry.get("outbox.backlog")
                        .tag("merchant", "acme")
                        .gauge()
                        .value())
                .isEqualTo(2.0);
        assertThat(registry.get("outbox.backlog")
                        .tag("merchant", "bravo")
                        .gauge()
                        .value())
                .isZero();

        erp.stubFor(post(urlEqualTo(CALLBACK_PATH)).willReturn(aResponse().withStatus(200)));
        clock.advance(Duration.ofHours(2));
        delivery.deliverDue();
        assertThat(registry.get("outbox.backlog")
                        .tag("merchant", "acme")
                        .gauge()
                        .value())
                .isZero();
        assertThat(delivery.backlog("acme").pending()).isZero();
    }
}
