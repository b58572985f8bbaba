package org.erpbridge.checkout;

import java.time.Duration;
import java.util.Map;

import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.SecuconnectStubs;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.START_PATH;
import static org.erpbridge.checkout.CheckoutFixtures.merchantRef;
import static org.erpbridge.checkout.CheckoutFixtures.postPayment;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.checkout.CheckoutFixtures.state;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/**
 * A start/cash chain that outlives the lease, with recovery running every second: start/cash refused with 401, the
 * token refresh timing out four times, then slow. Without the send window the worker's replay and recovery's start
 * would both reach secuconnect; with it the worker sends nothing its lease cannot cover, and exactly one start/cash is
 * executed.
 */
@QuarkusTest
@TestProfile(LeaseFencingTest.ShortLease.class)
class LeaseFencingTest {
    private static final String ORDER = "SO-L1";

    /** Lease 4 s; an exchange takes at most 0.5 + 1 s; recovery runs every second. */
    public static class ShortLease implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bridge.checkout.recovery-grace",
                    "4s",
                    "bridge.checkout.recovery-interval",
                    "1s",
                    "bridge.checkout.settle-time",
                    "200ms",
                    "bridge.secuconnect.read-retries",
                    "4",
                    "bridge.secuconnect.breaker.request-volume",
                    "100",
                    "bridge.merchants.acme.secuconnect.connect-timeout",
                    "500ms",
                    "bridge.merchants.acme.secuconnect.read-timeout",
                    "1s",
                    "bridge.merchants.bravo.secuconnect.connect-timeout",
                    "500ms",
                    "bridge.merchants.bravo.secuconnect.read-timeout",
                    "1s");
        }
    }

    @BeforeEach
    void reset() {
        CleanSlate.reset();
    }

    @Test
    void aStartChainLongerThanTheLeaseGivesExactlyOneExecutedStart() {
        String ref = merchantRef(ORDER, 1);
        stubTokenThatTimesOutFourTimesAfterTheFirst();
        wm().stubFor(CheckoutFixtures.createStx().willReturn(json(200, CheckoutFixtures.stxCreated(ref))));
        // the first start is refused before execution (expired token); every later one books
        wm().stubFor(CheckoutFixtures.startCash()
                .inScenario("start")
                .whenScenarioStateIs(STARTED)
                .willReturn(json(401, "{\"status\":\"error\",\"error\":\"invalid_token\"}"))
                .willSetStateTo("refused-once"));
        wm().stubFor(CheckoutFixtures.startCash()
                .inScenario("start")
                .whenScenarioStateIs("refused-once")
                .willReturn(json(200, CheckoutFixtures.stxOk(ref)))
                .willSetStateTo("started"));
        wm().stubFor(CheckoutFixtures.startCash()
                .inScenario("start")
                .whenScenarioStateIs("started")
                .willReturn(json(200, CheckoutFixtures.stxOk(ref))));
        for (String notStarted : new String[] {STARTED, "refused-once"}) {
            wm().stubFor(CheckoutFixtures.readStx()
                    .inScenario("start")
                    .whenScenarioStateIs(notStarted)
                    .willReturn(json(200, CheckoutFixtures.stxCreated(ref))));
        }
        wm().stubFor(CheckoutFixtures.readStx()
                .inScenario("start")
                .whenScenarioStateIs("started")
                .willReturn(json(200, CheckoutFixtures.stxOk(ref))));

        postPayment(ACME, seedOrder(ORDER)).then().statusCode(202);

        Awaitility.await()
                .atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "COMPLETED".equals(state(ORDER)));
        // give a late send (if any) the time to arrive before counting
        Awaitility.await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        long executed = wm().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(START_PATH)
                        && e.getResponse().getStatus() == 200)
                .count();
        assertThat(executed).as("start/cash executed by secuconnect").isEqualTo(1);
        assertThat(CheckoutFixtures.creates()).isEqualTo(1);
    }

    /** First token fast (for the create), then four answers after the read timeout, one slow but in time, then fast. */
    private static void stubTokenThatTimesOutFourTimesAfterTheFirst() {
        String[] states = {STARTED, "slow1", "slow2", "slow3", "slow4", "late", "fast"};
        for (int i = 0; i < states.length; i++) {
            int delay = switch (states[i]) {
                case "slow1", "slow2", "slow3", "slow4" -> 1500;
                case "late" -> 900;
                default -> 0;
            };
            var stub = post(urlEqualTo("/oauth/token"))
                    .inScenario("token")
                    .whenScenarioStateIs(states[i])
                    .willReturn(
                            SecuconnectStubs.token(SecuconnectStubs.ACME_TOKEN).withFixedDelay(delay));
            wm().stubFor(i + 1 < states.length ? stub.willSetStateTo(states[i + 1]) : stub);
        }
    }
}
