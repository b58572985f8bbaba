package org.erpbridge.outbox;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.erpbridge.testing.Database;
import org.erpbridge.testing.WireMockServers;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With the worker switched on, a published event reaches the ERP without anyone running a pass. */
@QuarkusTest
@TestProfile(ScheduledDeliveryTest.PollingProfile.class)
class ScheduledDeliveryTest {

    public static class PollingProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bridge.outbox.poll-interval", "1s");
        }
    }

    @Inject
    EventOutbox outbox;

    @Test
    void scheduledWorkerDeliversPublishedEvents() {
        Database.truncateAll();
        WireMockServer erp = WireMockServers.server();
        erp.resetAll();
        erp.stubFor(post(urlEqualTo("/erp/acme/events")).willReturn(aResponse().withStatus(200)));

        UUID id = QuarkusTransaction.requiringNew()
                .call(() -> outbox.publish("acme", EventOutbox.RECONCILIATION_MISMATCH, Map.of("orderId", "SO-11")));

        await().atMost(Duration.ofSeconds(15))
                .until(() -> Database.count(
                                "select count(*) from outbox_event where status = 'delivered' and id = '" + id + "'")
                        == 1);
        assertThat(erp.findAll(postRequestedFor(urlEqualTo("/erp/acme/events"))
                        .withHeader("X-Event-Id", equalTo(id.toString()))))
                .hasSize(1);
    }
}
