package org.erpbridge.checkout;

import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.SecuconnectStubs;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.creates;
import static org.erpbridge.checkout.CheckoutFixtures.merchantRef;
import static org.erpbridge.checkout.CheckoutFixtures.outboxEvents;
import static org.erpbridge.checkout.CheckoutFixtures.postPayment;
import static org.erpbridge.checkout.CheckoutFixtures.readPayment;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.checkout.CheckoutFixtures.starts;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.STX_ID;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** secuconnect saying no: for good (422 to the ERP, a new attempt may follow) or because the token expired. */
@QuarkusTest
class SecuconnectRefusalTest {
    private static final String CARD_REFUSED = """
            {"status": "error", "error": "ProductInternalException", "error_details": "Card validation failed",
             "error_user": "Karte ungueltig", "code": 1016, "supportId": "support-4711"}""";

    @BeforeEach
    void reset() {
        CleanSlate.reset();
    }

    @Test
    void refusedCreateIs422WithSecuconnectsCodeAndNothingBooked() {
        wm().stubFor(CheckoutFixtures.createStx().willReturn(json(400, CARD_REFUSED)));

        postPayment(ACME, seedOrder("SO-R1"))
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("type", equalTo("urn:erpbridge:problem:cash-payment-failed"))
                .body("paymentStatus", equalTo("failed"))
                .body("orderId", equalTo("SO-R1"))
                .body("code", equalTo("1016"))
                .body("error", equalTo("ProductInternalException"))
                .body("supportId", equalTo("support-4711"))
                .body("detail", containsString("Card validation failed"))
                .body("payment.status", equalTo("failed"));

        assertThat(starts()).isZero();
        assertThat(Database.count("select count(*) from cash_payment where order_id = 'SO-R1' and state = 'FAILED' "
                        + "and nothing_booked and error_code = '1016' and support_id = 'support-4711'"))
                .isEqualTo(1);
        assertThat(outboxEvents(EventOutbox.CASH_PAYMENT_FAILED)).isEqualTo(1);
        readPayment(ACME, "SO-R1")
                .then()
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("failure.code", equalTo("1016"))
                .body("failure.supportId", equalTo("support-4711"));
    }

    @Test
    void failedPaymentSentAgainStartsANewAttemptWithANewMerchantRef() {
        wm().stubFor(CheckoutFixtures.createStx()
                .inScenario("retry")
                .whenScenarioStateIs(STARTED)
                .willReturn(json(400, CARD_REFUSED))
                .willSetStateTo("card unlocked"));
        wm().stubFor(CheckoutFixtures.createStx()
                .inScenario("retry")
                .whenScenarioStateIs("card unlocked")
                .willReturn(json(200, CheckoutFixtures.stxCreated(merchantRef("SO-R2", 2)))));
        wm().stubFor(CheckoutFixtures.startCash()
                .willReturn(json(200, CheckoutFixtures.stxOk(merchantRef("SO-R2", 2)))));
        postPayment(ACME, seedOrder("SO-R2")).then().statusCode(422);

        postPayment(ACME, seedOrder("SO-R2")).then().statusCode(200).body("status", equalTo("completed"));

        assertThat(creates()).isEqualTo(2);
        wm().verify(postRequestedFor(urlEqualTo(SecuconnectStubs.STX_PATH))
                .withRequestBody(WireMock.containing(merchantRef("SO-R2", 1))));
        wm().verify(postRequestedFor(urlEqualTo(SecuconnectStubs.STX_PATH))
                .withRequestBody(WireMock.containing(merchantRef("SO-R2", 2))));
        readPayment(ACME, "SO-R2")
                .then()
                .statusCode(200)
                .body("attempts", hasSize(2))
                .body("attempts[0].status", equalTo("failed"))
                .body("attempts[0].errorCode", equalTo("1016"))
                .body("attempts[1].status", equalTo("completed"))
                .body("attempts[1].merchantRef", not(equalTo(merchantRef("SO-R2", 1))))
                .body("failure", nullValue());
    }

    @Test
    void failedPaymentMayBeCorrectedAndSentAgain() {
        wm().stubFor(CheckoutFixtures.createStx()
                .inScenario("fix")
                .whenScenarioStateIs(STARTED)
                .willReturn(json(400, CARD_REFUSED))
                .willSetStateTo("fixed"));
        wm().stubFor(CheckoutFixtures.createStx()
                .inScenario("fix")
                .whenScenarioStateIs("fixed")
                .willReturn(
                        json(200, CheckoutFixtures.withoutCard(CheckoutFixtures.stxCreated(merchantRef("SO-R3", 2))))));
        wm().stubFor(CheckoutFixtures.startCash()
                .willReturn(json(200, CheckoutFixtures.withoutCard(CheckoutFixtures.stxOk(merchantRef("SO-R3", 2))))));
        postPayment(ACME, seedOrder("SO-R3")).then().statusCode(422);

        postPayment(ACME, CheckoutFixtures.order("SO-R3", ""))
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("card", nullValue());

        assertThat(Database.count("select count(*) from cash_payment where order_id = 'SO-R3' and attempt = 2 "
                        + "and card_masked is null and error_code is null and state = 'COMPLETED'"))
                .isEqualTo(1);
    }

    @Test
    void refusedStartIs422AndTheOrderIsFailed() {
        wm().stubFor(CheckoutFixtures.createStx()
                .willReturn(json(200, CheckoutFixtures.stxCreated(merchantRef("SO-R4", 1)))));
        wm().stubFor(CheckoutFixtures.startCash().willReturn(json(409, """
                {"status": "error", "error": "ProductBackendproviderException", "error_details": "card 9276004429942845 is locked",
                 "code": 1020, "supportId": "support-0815"}""")));
        // a refusal alone proves nothing: the bridge reads the transaction and finds it never started
        wm().stubFor(CheckoutFixtures.readStx()
                .willReturn(json(200, CheckoutFixtures.stxCreated(merchantRef("SO-R4", 1)))));
        wm().stubFor(CheckoutFixtures.abortStx(SecuconnectStubs.STX_ID)
                .willReturn(json(200, CheckoutFixtures.stxWithStatus("aborted", merchantRef("SO-R4", 1)))));

        String body = postPayment(ACME, seedOrder("SO-R4"))
                .then()
                .statusCode(422)
                .body("paymentStatus", equalTo("failed"))
                .body("code", equalTo("1020"))
                .body("supportId", equalTo("support-0815"))
                .extract()
                .asString();

        assertThat(body).doesNotContain(CheckoutFixtures.CARD).contains(CheckoutFixtures.MASKED_CARD);
        assertThat(starts()).isEqualTo(1);
        assertThat(CheckoutFixtures.aborts())
                .as("the never-started transaction is aborted")
                .isEqualTo(1);
        assertThat(CheckoutFixtures.state("SO-R4")).isEqualTo("FAILED");
        assertThat(Database.string("select smart_transaction_id from cash_payment where order_id = 'SO-R4'"))
                .isEqualTo(STX_ID);
        // the stored outcome is answered again, byte for byte, as long as nobody sends it again
        assertThat(readPayment(ACME, "SO-R4").then().extract().path("status").toString())
                .isEqualTo("failed");
    }

    @Test
    void expiredTokenOnCreateIsRefreshedAndTheCreateReplayedOnce() {
        stubTokensOldThenNew();
        wm().stubFor(CheckoutFixtures.createStx()
                .withHeader("Authorization", WireMock.equalTo("Bearer old-token"))
                .willReturn(json(403, SecuconnectStubs.fixture("api-error-expired-token-403.json"))));
        wm().stubFor(CheckoutFixtures.createStx()
                .withHeader("Authorization", WireMock.equalTo("Bearer new-token"))
                .willReturn(json(200, CheckoutFixtures.stxCreated(merchantRef("SO-T1", 1)))));
        wm().stubFor(CheckoutFixtures.startCash()
                .willReturn(json(200, CheckoutFixtures.stxOk(merchantRef("SO-T1", 1)))));

        postPayment(ACME, seedOrder("SO-T1")).then().statusCode(200).body("status", equalTo("completed"));

        assertThat(creates()).isEqualTo(2);
        assertThat(starts()).isEqualTo(1);
        assertThat(tokenRequests()).isEqualTo(2);
        assertThat(CheckoutFixtures.rows("cash_payment_attempt")).isEqualTo(1);
    }

    @Test
    void expiredTokenOnStartIsRefreshedAndTheStartReplayedOnce() {
        stubTokensOldThenNew();
        wm().stubFor(CheckoutFixtures.createStx()
                .willReturn(json(200, CheckoutFixtures.stxCreated(merchantRef("SO-T2", 1)))));
        wm().stubFor(CheckoutFixtures.startCash()
                .withHeader("Authorization", WireMock.equalTo("Bearer old-token"))
                .willReturn(json(403, SecuconnectStubs.fixture("api-error-expired-token-403.json"))));
        wm().stubFor(CheckoutFixtures.startCash()
                .withHeader("Authorization", WireMock.equalTo("Bearer new-token"))
                .willReturn(json(200, CheckoutFixtures.stxOk(merchantRef("SO-T2", 1)))));

        postPayment(ACME, seedOrder("SO-T2")).then().statusCode(200).body("status", equalTo("completed"));

        assertThat(creates()).isEqualTo(1);
        assertThat(starts()).isEqualTo(2);
        assertThat(tokenRequests()).isEqualTo(2);
    }

    @Test
    void tokenStillRefusedAfterRefreshLeavesThePaymentUnsentForRecovery() {
        wm().stubFor(CheckoutFixtures.createStx()
                .willReturn(json(403, SecuconnectStubs.fixture("api-error-expired-token-403.json"))));

        postPayment(ACME, seedOrder("SO-T3")).then().statusCode(202).body("status", equalTo("processing"));

        // the create was refused before execution both times: provably nothing there, so it may be sent again
        assertThat(CheckoutFixtures.state("SO-T3")).isEqualTo("RECEIVED");
        assertThat(creates()).isEqualTo(2);
        assertThat(Database.string("select last_problem from cash_payment where order_id = 'SO-T3'"))
                .contains("create");
    }

    private static void stubTokensOldThenNew() {
        wm().stubFor(post(urlEqualTo("/oauth/token"))
                .inScenario("token")
                .whenScenarioStateIs(STARTED)
                .willReturn(json(200, "{\"access_token\":\"old-token\",\"expires_in\":1200,\"token_type\":\"bearer\"}"))
                .willSetStateTo("refreshed"));
        wm().stubFor(post(urlEqualTo("/oauth/token"))
                .inScenario("token")
                .whenScenarioStateIs("refreshed")
                .willReturn(
                        json(200, "{\"access_token\":\"new-token\",\"expires_in\":1200,\"token_type\":\"bearer\"}")));
    }

    private static int tokenRequests() {
        return CheckoutFixtures.count(postRequestedFor(urlEqualTo("/oauth/token")));
    }
}
