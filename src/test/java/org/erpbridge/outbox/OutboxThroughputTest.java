package org.erpbridge.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.erpbridge.testing.Database;
import org.erpbridge.testing.WireMockServers;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Load: 2,000 events drained by four concurrent passes; every event exactly once. Run with -Preliability. */
@QuarkusTest
@Tag("heavy")
class OutboxThroughputTest {
    private static final Logger LOG = Logger.getLogger(OutboxThroughputTest.class);
    private static final int EVENTS = 2000;
    private static final int PASSES = 4;

    @Inject
    EventOutbox outbox;

    @Inject
    OutboxDelivery delivery;

    @Test
    void concurrentPassesDrainTheBacklogOnceEach() throws Exception {
        Database.truncateAll();
        WireMockServer erp = WireMockServers.server();
        erp.resetAll();
        erp.stubFor(post(urlEqualTo("/erp/acme/events")).willReturn(aResponse().withStatus(200)));

        long publishStart = System.nanoTime();
        for (int chunk = 0; chunk < EVENTS / 100; chunk++) {
            int base = chunk * 100;
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < 100; i++) {
                    outbox.publish("acme", EventOutbox.CARD_BALANCE_CHANGED, Map.of("n", base + i, "balance", 1234));
                }
            });
        }
        long publishMillis = (System.nanoTime() - publishStart) / 1_000_000;

        ExecutorService threads = Executors.newFixedThreadPool(PASSES);
        long start = System.nanoTime();
        List<Future<DeliveryPass>> passes = new ArrayList<>();
        for (int t = 0; t < PASSES; t++) {
            passes.add(threads.submit(() -> {
                DeliveryPass total = DeliveryPass.EMPTY;
                for (DeliveryPass p = delivery.deliverDue(); p.claimed() > 0; p = delivery.deliverDue()) {
                    total = total.plus(p);
                }
                return total;
            }));
        }
        int delivered = 0;
        for (Future<DeliveryPass> pass : passes) {
            delivered += pass.get().delivered();
        }
        long deliverMillis = (System.nanoTime() - start) / 1_000_000;
        threads.shutdown();

        Map<String, Long> perEvent = erp.findAll(postRequestedFor(urlEqualTo("/erp/acme/events"))).stream()
                .collect(Collectors.groupingBy(r -> r.getHeader("X-Event-Id"), Collectors.counting()));
        LOG.infof(
                "OUTBOX LOAD: published %d events in %d ms (%.0f/s); %d passes delivered %d in %d ms (%.0f/s)",
                EVENTS,
                publishMillis,
                EVENTS * 1000.0 / publishMillis,
                PASSES,
                delivered,
                deliverMillis,
                delivered * 1000.0 / deliverMillis);
        assertThat(delivered).isEqualTo(EVENTS);
        assertThat(perEvent).hasSize(EVENTS);
        assertThat(perEvent.values()).allMatch(n -> n == 1);
        assertThat(delivery.backlog("acme").pending()).isZero();
    }
}
