package org.erpbridge.checkout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.erpbridge.secuconnect.SecuconnectClientState;
import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.LogCapture;
import org.erpbridge.testing.SecuconnectStubs;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.CARD;
import static org.erpbridge.checkout.CheckoutFixtures.merchantRef;
import static org.erpbridge.checkout.CheckoutFixtures.postPayment;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/**
 * Runs the checkout's paths that log most (success, refusals quoting the card, faults, recovery, invalid
 * input) with checkout logging at DEBUG, and checks that no full card number or secret reached any log line.
 */
@QuarkusTest
class LogMaskingTest {
    private static final List<String> SECRETS = List.of(
            CARD,
            "acme-client-secret-do-not-log",
            SecuconnectStubs.ACME_TOKEN,
            "acme-signing-secret-0123456789",
            "acme-erp-api-key-0123456789");

    @Inject
    PaymentRecovery recovery;

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @BeforeEach
    void reset() {
        CleanSlate.reset();
    }

    @Test
    void noCardNumberOrSecretInAnyLogLine() {
        CheckoutFixtures.stubHappyPath("SO-L1");
        postPayment(ACME, seedOrder("SO-L1")).then().statusCode(200);

        wm().stubFor(CheckoutFixtures.createStx()
                .withRequestBody(WireMock.containing("SO-L2"))
                .willReturn(json(400, """
                {"status": "error", "error": "ProductInternalException",
                 "error_details": "Card 9276004429942845 validation failed", "error_user": "Karte 9276004429942845",
                 "code": 1016, "supportId": "s-1"}""")));
        postPayment(ACME, seedOrder("SO-L2")).then().statusCode(422);

        wm().stubFor(CheckoutFixtures.createStx()
                .withRequestBody(WireMock.containing("SO-L3"))
                .willReturn(json(200, CheckoutFixtures.stxCreated(merchantRef("SO-L3", 1)))));
        wm().stubFor(CheckoutFixtures.startCash()
                .willReturn(WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        postPayment(ACME, seedOrder("SO-L3")).then().statusCode(202);
        SecuconnectClientState.reset(ACME);
        wm().stubFor(CheckoutFixtures.readStx().willReturn(json(200, CheckoutFixtures.stxOk(merchantRef("SO-L3", 1)))));
        recovery.runPass(Instant.now().plus(Duration.ofMinutes(1)));

        postPayment(ACME, seedOrder("SO-L4").replace(CARD, "9276" + "00442994284"))
                .then()
                .statusCode(422);
        postPayment(ACME, seedOrder("SO-L5").replace("\"total\": 796", "\"total\": \"" + CARD + "\""))
                .then()
                .statusCode(400);

        List<String> lines = logs.records().stream().map(LogCapture::text).toList();
        assertThat(lines)
                .as("the scenario logged something")
                .anySatisfy(l -> assertThat(l).contains("SO-L1"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("************2845"));
        for (String secret : SECRETS) {
            assertThat(lines)
                    .as("log lines containing " + secret.substring(0, 6) + "...")
                    .noneSatisfy(l -> assertThat(l).contains(secret));
        }
    }
}
