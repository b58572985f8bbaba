package org.erpbridge.checkout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.secuconnect.SecuconnectClientState;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.SecuconnectStubs;

import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.LTX_ID;
import static org.erpbridge.checkout.CheckoutFixtures.count;
import static org.erpbridge.checkout.CheckoutFixtures.creates;
import static org.erpbridge.checkout.CheckoutFixtures.merchantRef;
import static org.erpbridge.checkout.CheckoutFixtures.postPayment;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.checkout.CheckoutFixtures.starts;
import static org.erpbridge.checkout.CheckoutFixtures.state;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.STX_ID;
import static org.erpbridge.testing.SecuconnectStubs.STX_PATH;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/**
 * Crashes and outages. A crash is simulated by leaving the rows exactly as the crash would (the step recorded,
 * its result not) with the lease run out; secuconnect's side is WireMock. Then one recovery pass.
 */
@QuarkusTest
class PaymentRecoveryTest extends CheckoutTestBase {

    @Test
    void createAnsweredButNotStoredIsAdoptedByMerchantRef() {
        crashed("SO-C1", PaymentState.CREATE_PENDING, null);
        String ref = merchantRef("SO-C1", 1);
        wm().stubFor(CheckoutFixtures.listStx()
                .withQueryParam(
                        "q", com.github.tomakehurst.wiremock.client.WireMock.equalTo("merchantRef:\"" + ref + "\""))
                .willReturn(json(200, CheckoutFixtures.list(CheckoutFixtures.stxCreated(ref)))));
        wm().stubFor(CheckoutFixtures.startCash().willReturn(json(200, CheckoutFixtures.stxOk(ref))));

        assertThat(recovery.runPass()).isEqualTo(1);

        assertThat(state("SO-C1")).isEqualTo("COMPLETED");
        assertThat(creates()).as("never a second Smart Transaction").isZero();
        assertThat(starts()).isEqualTo(1);
        assertThat(Database.count(
                        "select count(*) from cash_payment where order_id = 'SO-C1' and smart_transaction_id = '"
                                + STX_ID + "' and loyalty_transaction_id = '" + LTX_ID
                                + "' and reconciliation = 'matched'"))
                .isEqualTo(1);
        assertThat(CheckoutFixtures.outboxEvents(EventOutbox.CASH_PAYMENT_COMPLETED))
                .isEqualTo(1);
    }

    @Test
    void startedButAnswerLostCompletesWithoutASecondStart() {
        crashed("SO-C2", PaymentState.START_PENDING, STX_ID);
        wm().stubFor(CheckoutFixtures.readStx().willReturn(json(200, CheckoutFixtures.stxOk(merchantRef("SO-C2", 1)))));

        recovery.runPass();

        assertThat(state("SO-C2")).isEqualTo("COMPLETED");
        assertThat(starts()).isZero();
        assertThat(creates()).isZero();
        assertThat(CheckoutFixtures.readPayment(ACME, "SO-C2")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("receipt"))
                .hasSize(9);
    }

    @Test
    void storedCreatedButNotStartedIsStartedOnce() {
        crashed("SO-C3", PaymentState.CREATED, STX_ID);
        wm().stubFor(CheckoutFixtures.startCash()
                .willReturn(json(200, CheckoutFixtures.stxOk(merchantRef("SO-C3", 1)))));

        recovery.runPass();
        recovery.runPass();

        assertThat(state("SO-C3")).isEqualTo("COMPLETED");
        assertThat(starts()).isEqualTo(1);
        assertThat(creates()).isZero();
    }

    @Test
    void startPendingThatNeverTookEffectIsStartedOnce() {
        crashed("SO-C4", PaymentState.START_PENDING, STX_ID);
        wm().stubFor(CheckoutFixtures.readStx()
                .willReturn(json(200, CheckoutFixtures.stxCreated(merchantRef("SO-C4", 1)))));
        wm().stubFor(CheckoutFixtures.startCash()
                .willReturn(json(200, CheckoutFixtures.stxOk(merchantRef("SO-C4", 1)))));

        recovery.runPass();

        assertThat(state("SO-C4")).isEqualTo("COMPLETED");
        assertThat(starts()).isEqualTo(1);
    }

    @Test
    void crashBeforeTheCreateWasSentCreatesIt() {
        crashed("SO-C5", PaymentState.RECEIVED, null);
        CheckoutFixtures.stubHappyPath("SO-C5");

        recovery.runPass();

        assertThat(state("SO-C5")).isEqualTo("COMPLETED");
        assertThat(creates()).isEqualTo(1);
        assertThat(starts()).isEqualTo(1);
    }

    @Test
    void createOfUnknownOutcomeWithNothingFoundIsSentAgainWithTheSameMerchantRef() {
        crashed("SO-C6", PaymentState.CREATE_PENDING, null);
        wm().stubFor(CheckoutFixtures.listStx().willReturn(json(200, CheckoutFixtures.list())));
        CheckoutFixtures.stubHappyPath("SO-C6");

        recovery.runPass();

        assertThat(state("SO-C6")).isEqualTo("COMPLETED");
        assertThat(creates())
                .as("money moves only at start/cash: creating again is safe")
                .isEqualTo(1);
        assertThat(count(postRequestedFor(urlEqualTo(SecuconnectStubs.STX_PATH))
                        .withRequestBody(matchingJsonPath("$.merchantRef", equalTo(merchantRef("SO-C6", 1))))))
                .isEqualTo(1);
        assertThat(starts()).isEqualTo(1);
    }

    @Test
    void createsWhoseAnswersKeepGettingLostEndInReviewWithAnEvent() {
        crashed("SO-C9", PaymentState.CREATE_PENDING, null);
        wm().stubFor(CheckoutFixtures.listStx().willReturn(json(200, CheckoutFixtures.list())));
        wm().stubFor(CheckoutFixtures.createStx().willReturn(aResponse().withStatus(503)));

        // the 503s open the merchant's circuit breaker now and then; later passes go on where the last one stopped
        for (int pass = 1; pass <= 10 && !"REVIEW".equals(state("SO-C9")); pass++) {
            secuconnectIsBack();
            recovery.runPass(clock.instant().plus(Duration.ofMinutes(pass)));
        }

        assertThat(state("SO-C9")).isEqualTo("REVIEW");
        assertThat(creates()).as("create-tries (5) counts the first create").isEqualTo(4);
        assertThat(starts()).isZero();
        assertThat(CheckoutFixtures.outboxEvents(EventOutbox.CASH_PAYMENT_REVIEW))
                .isEqualTo(1);
        CheckoutFixtures.readPayment(ACME, "SO-C9")
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("review"))
                .body("failure.detail", org.hamcrest.Matchers.containsString("after 5 creates"));
    }

    @Test
    void twoSmartTransactionsWithOurMerchantRefStartOnlyOneAndAbortTheOther() {
        crashed("SO-C7", PaymentState.CREATE_PENDING, null);
        String ref = merchantRef("SO-C7", 1);
        String second = "STX_SECOND0000000000000000000000";
        wm().stubFor(CheckoutFixtures.listStx()
                .willReturn(json(
                        200,
                        CheckoutFixtures.list(
                                CheckoutFixtures.stxCreated(ref)
                                        .replace(STX_ID, second)
                                        .replace("2020-09-17T09:18:14", "2020-09-17T09:18:15"),
                                CheckoutFixtures.stxCreated(ref)))));
        wm().stubFor(CheckoutFixtures.abortStx(second)
                .willReturn(
                        json(200, CheckoutFixtures.stxWithStatus("aborted", ref).replace(STX_ID, second))));
        wm().stubFor(CheckoutFixtures.startCash().willReturn(json(200, CheckoutFixtures.stxOk(ref))));

        recovery.runPass();

        assertThat(state("SO-C7")).isEqualTo("COMPLETED");
        assertThat(Database.string("select smart_transaction_id from cash_payment where order_id = 'SO-C7'"))
                .as("the older one is kept")
                .isEqualTo(STX_ID);
        assertThat(starts()).isEqualTo(1);
        assertThat(count(postRequestedFor(urlEqualTo(CheckoutFixtures.START_PATH))))
                .isEqualTo(1);
        assertThat(count(postRequestedFor(urlEqualTo(SecuconnectStubs.STX_PATH + "/" + second + "/abort"))))
                .isEqualTo(1);
        assertThat(creates()).isZero();
    }

    @Test
    void smartTransactionFoundFailedMarksThePaymentFailed() {
        crashed("SO-C8", PaymentState.START_PENDING, STX_ID);
        wm().stubFor(CheckoutFixtures.readStx()
                .willReturn(json(200, CheckoutFixtures.stxWithStatus("failed", merchantRef("SO-C8", 1)))));

        recovery.runPass();

        assertThat(state("SO-C8")).isEqualTo("FAILED");
        assertThat(starts()).isZero();
        assertThat(CheckoutFixtures.outboxEvents(EventOutbox.CASH_PAYMENT_FAILED))
                .isEqualTo(1);
    }

    @Test
    void paymentsWhoseLeaseHasNotRunOutAreLeftAlone() {
        crashed("SO-C9", PaymentState.CREATED, STX_ID);
        Database.execute("update cash_payment set lease_until = now() + interval '1 hour' where order_id = 'SO-C9'");

        assertThat(recovery.runPass()).isZero();
        assertThat(state("SO-C9")).isEqualTo("CREATED");
        assertThat(starts()).isZero();
    }

    @Test
    void outageOnCreateEndsCompletedOnceSecuconnectIsBack() {
        String ref = merchantRef("SO-O1", 1);
        wm().stubFor(CheckoutFixtures.createStx().willReturn(json(503, "{\"status\":\"error\",\"error\":\"down\"}")));
        wm().stubFor(CheckoutFixtures.listStx().willReturn(aResponse().withStatus(503)));

        postPayment(ACME, seedOrder("SO-O1")).then().statusCode(202);
        assertThat(state("SO-O1")).isEqualTo("CREATE_PENDING");

        secuconnectIsBack();
        // the 503'd create had in fact been executed: recovery finds it instead of creating another
        wm().stubFor(CheckoutFixtures.listStx()
                .willReturn(json(200, CheckoutFixtures.list(CheckoutFixtures.stxCreated(ref)))));
        wm().stubFor(CheckoutFixtures.startCash().willReturn(json(200, CheckoutFixtures.stxOk(ref))));
        recovery.runPass(afterGrace());

        assertThat(state("SO-O1")).isEqualTo("COMPLETED");
        assertThat(creates()).isEqualTo(1);
        assertThat(starts()).isEqualTo(1);
    }

    @Test
    void readTimeoutOnCreateIsResolvedAtOnceByLookingTheTransactionUp() {
        String ref = merchantRef("SO-O2", 1);
        wm().stubFor(CheckoutFixtures.createStx()
                .willReturn(json(200, CheckoutFixtures.stxCreated(ref)).withFixedDelay(2500)));
        wm().stubFor(CheckoutFixtures.listStx()
                .willReturn(json(200, CheckoutFixtures.list(CheckoutFixtures.stxCreated(ref)))));
        wm().stubFor(CheckoutFixtures.startCash().willReturn(json(200, CheckoutFixtures.stxOk(ref))));

        postPayment(ACME, seedOrder("SO-O2"))
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("completed"));

        assertThat(creates()).isEqualTo(1);
        assertThat(starts()).isEqualTo(1);
        assertThat(CheckoutFixtures.count(getRequestedFor(urlPathEqualTo(STX_PATH))))
                .isEqualTo(1);
    }

    @Test
    void connectionResetOnStartIsReadBackInsteadOfStartedAgain() {
        outageOnStart("SO-O3", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    }

    @Test
    void malformedAnswerToStartIsReadBackInsteadOfStartedAgain() {
        outageOnStart(
                "SO-O4",
                aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("<html>proxy error</html>"));
    }

    @Test
    void serverErrorOnStartIsReadBackInsteadOfStartedAgain() {
        outageOnStart(
                "SO-O5",
                json(503, "{\"status\":\"error\",\"error\":\"ProductInternalException\",\"supportId\":\"x\"}"));
    }

    @Test
    void readTimeoutOnStartIsReadBackInsteadOfStartedAgain() {
        outageOnStart(
                "SO-O6",
                json(200, CheckoutFixtures.stxOk(merchantRef("SO-O6", 1))).withFixedDelay(2500));
    }

    @Test
    void outageLongerThanTheBoundEndsInReviewWithNothingLost() {
        wm().stubFor(CheckoutFixtures.createStx()
                .willReturn(json(200, CheckoutFixtures.stxCreated(merchantRef("SO-O7", 1)))));
        wm().stubFor(CheckoutFixtures.startCash().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wm().stubFor(CheckoutFixtures.readStx().willReturn(aResponse().withStatus(503)));
        postPayment(ACME, seedOrder("SO-O7")).then().statusCode(202);

        secuconnectIsBack();
        recovery.runPass(afterGrace());
        assertThat(state("SO-O7")).isEqualTo("START_PENDING");
        secuconnectIsBack();
        recovery.runPass(clock.instant().plus(Duration.ofHours(25)));

        assertThat(state("SO-O7")).isEqualTo("REVIEW");
        assertThat(starts()).isEqualTo(1);
        assertThat(Database.count(
                        "select count(*) from cash_payment where order_id = 'SO-O7' and smart_transaction_id = '"
                                + STX_ID + "'"))
                .as("the Smart Transaction id is kept for the operator")
                .isEqualTo(1);
    }

    @Test
    void tokenRefusalsLeaveThePaymentUnsentAndRecoverySendsItWhenCredentialsWork() {
        wm().stubFor(CheckoutFixtures.createStx()
                .inScenario("creds")
                .whenScenarioStateIs(STARTED)
                .willReturn(json(403, SecuconnectStubs.fixture("api-error-expired-token-403.json"))));
        wm().stubFor(CheckoutFixtures.startCash()
                .willReturn(json(200, CheckoutFixtures.stxOk(merchantRef("SO-O8", 1)))));
        postPayment(ACME, seedOrder("SO-O8")).then().statusCode(202);
        assertThat(state("SO-O8")).isEqualTo("RECEIVED");

        wm().stubFor(CheckoutFixtures.createStx()
                .inScenario("creds")
                .whenScenarioStateIs("fixed")
                .willReturn(json(200, CheckoutFixtures.stxCreated(merchantRef("SO-O8", 1)))));
        wm().setScenarioState("creds", "fixed");
        secuconnectIsBack();
        recovery.runPass(afterGrace());

        assertThat(state("SO-O8")).isEqualTo("COMPLETED");
        assertThat(creates()).as("two refused before execution, one executed").isEqualTo(3);
        assertThat(starts()).isEqualTo(1);
    }

    private void outageOnStart(String orderId, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder fault) {
        String ref = merchantRef(orderId, 1);
        wm().stubFor(CheckoutFixtures.createStx().willReturn(json(200, CheckoutFixtures.stxCreated(ref))));
        wm().stubFor(CheckoutFixtures.startCash().willReturn(fault));

        postPayment(ACME, seedOrder(orderId)).then().statusCode(202);
        assertThat(state(orderId)).isEqualTo("START_PENDING");

        secuconnectIsBack();
        wm().stubFor(CheckoutFixtures.readStx().willReturn(json(200, CheckoutFixtures.stxOk(ref))));
        recovery.runPass(afterGrace());

        assertThat(state(orderId)).isEqualTo("COMPLETED");
        assertThat(creates()).isEqualTo(1);
        assertThat(starts())
                .as("start/cash is never repeated on an ok transaction")
                .isEqualTo(1);
        CheckoutFixtures.readPayment(ACME, orderId)
                .then()
                .statusCode(200)
                .body("loyaltyTransactionId", org.hamcrest.Matchers.equalTo(LTX_ID))
                .body("receipt.size()", org.hamcrest.Matchers.equalTo(9));
        assertThat(CheckoutFixtures.outboxEvents(EventOutbox.CASH_PAYMENT_COMPLETED))
                .isEqualTo(1);
    }

    /** The outage is over: the client's circuit breaker would have closed by now. */
    private static void secuconnectIsBack() {
        SecuconnectClientState.reset(ACME);
    }

    private Instant afterGrace() {
        return clock.instant().plus(Duration.ofMinutes(1));
    }

    /** Stores the order as a crash would have left it: in {@code state}, with the lease run out. */
    private void crashed(String orderId, PaymentState state, String stxId) {
        ValidatedPayment payment = validator.validate(
                merchants.get(ACME), reader.read(seedOrder(orderId).getBytes(StandardCharsets.UTF_8)));
        long id = store.insert(ACME, payment, PaymentState.RECEIVED).orElseThrow().id;
        Database.execute("update cash_payment set state = '" + state + "', lease_until = now() - interval '1 minute'"
                + (stxId == null ? "" : ", smart_transaction_id = '" + stxId + "'") + " where id = " + id);
        Database.execute("update cash_payment_attempt set outcome = '" + state + "'"
                + (stxId == null ? "" : ", smart_transaction_id = '" + stxId + "'") + " where payment_id = " + id);
    }
}
