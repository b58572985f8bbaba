package org.erpbridge.secuconnect;

import jakarta.inject.Inject;

import org.erpbridge.testing.SecuconnectStubs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.BRAVO;
import static org.erpbridge.testing.SecuconnectStubs.STX_ID;
import static org.erpbridge.testing.SecuconnectStubs.jsonFixture;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/** Two breakers per merchant (payment, background), counting only outages; plus the call metrics. */
@QuarkusTest
class CircuitBreakerTest extends SecuconnectTestBase {
    private static final String STX = "/api/v2/Smart/Transactions/" + STX_ID;

    @Inject
    MeterRegistry registry;

    @Inject
    @Background
    Secuconnect background;

    @Inject
    @Readiness
    SecuconnectReadinessCheck readiness;

    @BeforeEach
    void stubs() {
        SecuconnectStubs.stubTokens();
    }

    @AfterEach
    void closeBreakers() {
        breakers.reset(ACME);
        breakers.reset(BRAVO);
    }

    @Test
    void acmeOutageOpensOnlyAcmesBreaker() {
        wm().stubFor(get(urlEqualTo(STX)).willReturn(aResponse().withStatus(502)));
        wm().stubFor(get(urlEqualTo("/bravo" + STX))
                .willReturn(jsonFixture("smart-transaction-start-cash-response-ok.json")));

        // test profile: window of 4, ratio 0.5; each failing read makes 3 attempts
        assertThatThrownBy(() -> secuconnect.getSmartTransaction(ACME, STX_ID))
                .isInstanceOf(SecuconnectServerException.class);
        assertThatThrownBy(() -> secuconnect.getSmartTransaction(ACME, STX_ID))
                .isInstanceOf(SecuconnectServerException.class);
        int sentWhileClosed = wm().countRequestsMatching(
                        getRequestedFor(urlEqualTo(STX)).build())
                .getCount();

        assertThatThrownBy(() -> secuconnect.getSmartTransaction(ACME, STX_ID))
                .isInstanceOfSatisfying(SecuconnectUnreachableException.class, e -> {
                    assertThat(e.requestSent()).isFalse();
                    assertThat(e.getMessage()).contains("circuit breaker");
                });
        wm().verify(sentWhileClosed, getRequestedFor(urlEqualTo(STX))); // failed fast: nothing sent
        assertThat(sentWhileClosed).isEqualTo(4);

        assertThat(secuconnect.getSmartTransaction(BRAVO, STX_ID).status()).isEqualTo("ok");
        assertThat(gauge(ACME)).isEqualTo(1.0);
        assertThat(gauge(BRAVO)).isEqualTo(0.0);
        assertThat(secuconnect.tokenObtainable(ACME)).isFalse();
        assertThat(secuconnect.tokenObtainable(BRAVO)).isTrue();
    }

    @Test
    void backgroundFailuresOpenOnlyTheBackgroundBreaker() {
        wm().stubFor(get(urlEqualTo(STX)).willReturn(aResponse().withStatus(502)));

        // a reconciliation that keeps failing: two reads of 3 attempts each fill the window of 4
        assertThatThrownBy(() -> background.getSmartTransaction(ACME, STX_ID))
                .isInstanceOf(SecuconnectServerException.class);
        assertThatThrownBy(() -> background.getSmartTransaction(ACME, STX_ID))
                .isInstanceOf(SecuconnectServerException.class);
        assertThatThrownBy(() -> background.getSmartTransaction(ACME, STX_ID))
                .isInstanceOfSatisfying(
                        SecuconnectUnreachableException.class,
                        e -> assertThat(e.getMessage()).contains("background circuit breaker"));
        assertThat(gauge(ACME, Lane.BACKGROUND)).isEqualTo(1.0);
        assertThat(gauge(ACME, Lane.PAYMENT)).isEqualTo(0.0);
        assertThat(readiness.call().getData().orElseThrow())
                .containsEntry("acme.background-breaker", "open")
                .doesNotContainKey("acme.payment-breaker");

        // secuconnect is back; the payment path was never refused meanwhile
        wm().stubFor(get(urlEqualTo(STX)).willReturn(jsonFixture("smart-transaction-start-cash-response-ok.json")));
        assertThat(secuconnect.getSmartTransaction(ACME, STX_ID).status()).isEqualTo("ok");
        assertThatThrownBy(() -> background.getSmartTransaction(ACME, STX_ID))
                .as("the background breaker stays open for its delay")
                .isInstanceOf(SecuconnectUnreachableException.class);
    }

    @Test
    void paymentFailuresLeaveTheBackgroundBreakerClosed() {
        wm().stubFor(get(urlEqualTo(STX)).willReturn(aResponse().withStatus(502)));
        assertThatThrownBy(() -> secuconnect.getSmartTransaction(ACME, STX_ID))
                .isInstanceOf(SecuconnectServerException.class);
        assertThatThrownBy(() -> secuconnect.getSmartTransaction(ACME, STX_ID))
                .isInstanceOf(SecuconnectServerException.class);
        assertThat(gauge(ACME, Lane.PAYMENT)).isEqualTo(1.0);

        wm().stubFor(get(urlEqualTo(STX)).willReturn(jsonFixture("smart-transaction-start-cash-response-ok.json")));
        assertThat(background.getSmartTransaction(ACME, STX_ID).status()).isEqualTo("ok");
        assertThat(gauge(ACME, Lane.BACKGROUND)).isEqualTo(0.0);
    }

    @Test
    void rejectionsDoNotOpenTheBreaker() {
        wm().stubFor(get(urlEqualTo(STX))
                .willReturn(SecuconnectStubs.json(
                        400, "{\"status\":\"error\",\"error\":\"ProductInternalException\",\"code\":1000}")));

        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> secuconnect.getSmartTransaction(ACME, STX_ID))
                    .isInstanceOf(SecuconnectRejectedException.class);
        }
        wm().verify(6, getRequestedFor(urlEqualTo(STX)));
        assertThat(gauge(ACME)).isEqualTo(0.0);
    }

    @Test
    void callsAreTimedByMerchantOperationAndOutcome() {
        wm().stubFor(get(urlEqualTo("/bravo" + STX))
                .willReturn(jsonFixture("smart-transaction-start-cash-response-ok.json")));
        double before = count(BRAVO, "ok");
        double refreshesBefore = refreshes(BRAVO);

        secuconnect.getSmartTransaction(BRAVO, STX_ID);
        secuconnect.getSmartTransaction(BRAVO, STX_ID);

        assertThat(count(BRAVO, "ok") - before).isEqualTo(2.0);
        assertThat(refreshes(BRAVO) - refreshesBefore).isEqualTo(1.0);
    }

    private double gauge(String merchant) {
        return gauge(merchant, Lane.PAYMENT);
    }

    /** 1 when the lane's breaker is open; a breaker not used yet in this JVM has no gauge and is closed (0). */
    private double gauge(String merchant, Lane lane) {
        Gauge gauge = registry.find(SecuconnectMetrics.CIRCUIT_OPEN)
                .tag("merchant", merchant)
                .tag("lane", lane.label())
                .gauge();
        return gauge == null ? 0.0 : gauge.value();
    }

    private double count(String merchant, String outcome) {
        var timer = registry.find(SecuconnectMetrics.CALLS)
                .tag("merchant", merchant)
                .tag("operation", "smart-transaction.get")
                .tag("outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private double refreshes(String merchant) {
        var counter = registry.find(SecuconnectMetrics.TOKEN_REFRESHES)
                .tag("merchant", merchant)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
