package org.erpbridge.outbox;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.erpbridge.testing.Database;
import org.erpbridge.testing.IsolationProfile;
import org.erpbridge.testing.WireMockServers;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Acme's ERP takes 10 s to answer a callback (the bridge gives up after 2 s); bravo's callbacks do not wait for it. */
@QuarkusTest
@TestProfile(IsolationProfile.class)
class CallbackIsolationTest {
    private static final Logger LOG = Logger.getLogger(CallbackIsolationTest.class);
    private static final String ACME_EVENTS = "/erp/acme/events";
    private static final String BRAVO_EVENTS = "/erp/bravo/events";

    @Inject
    EventOutbox outbox;

    @Inject
    OutboxDelivery delivery;

    private final WireMockServer erp = WireMockServers.server();

    @BeforeEach
    void reset() {
        Database.truncateAll();
        erp.resetAll();
        erp.stubFor(post(urlEqualTo(ACME_EVENTS))
                .willReturn(aResponse().withStatus(204).withFixedDelay(10_000)));
        erp.stubFor(post(urlEqualTo(BRAVO_EVENTS)).willReturn(aResponse().withStatus(204)));
    }

    @Test
    void aSlowCallbackEndpointDelaysOnlyItsOwnMerchant() {
        // acme's events are older, so a single queue would send them first: 5 x 2 s before bravo's turn
        for (int i = 0; i < 5; i++) {
            publish("acme", "SO-A-" + i);
        }
        UUID bravo = publish("bravo", "SO-B-1");

        long started = System.nanoTime();
        CompletableFuture<DeliveryPass> pass = CompletableFuture.supplyAsync(delivery::deliverDue);
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered(bravo));
        long bravoMillis = (System.nanoTime() - started) / 1_000_000;
        LOG.infof("bravo's callback delivered %d ms after the pass started", bravoMillis);

        assertThat(bravoMillis)
                .as("bravo's callback went out before acme's first one timed out (2 s)")
                .isLessThan(1_500);
        assertThat(erp.countRequestsMatching(
                                postRequestedFor(urlEqualTo(BRAVO_EVENTS)).build())
                        .getCount())
                .isEqualTo(1);
        DeliveryPass done = pass.join();
        assertThat(done.delivered()).isEqualTo(1);
        assertThat(done.failed()).as("acme's timed out, to be retried").isEqualTo(5);
    }

    private UUID publish(String merchant, String orderId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> outbox.publish(merchant, EventOutbox.CASH_PAYMENT_COMPLETED, Map.of("orderId", orderId)));
    }

    private static boolean delivered(UUID id) {
        return Database.count("select count(*) from outbox_event where status = 'delivered' and id = '" + id + "'")
                == 1;
    }
}
