package org.erpbridge.checkout;

import java.time.Duration;

import org.erpbridge.outbox.EventOutbox;

import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.CANCEL_PATH;
import static org.erpbridge.checkout.CheckoutFixtures.cancelPayment;
import static org.erpbridge.checkout.CheckoutFixtures.cancels;
import static org.erpbridge.checkout.CheckoutFixtures.merchantRef;
import static org.erpbridge.checkout.CheckoutFixtures.outboxEvents;
import static org.erpbridge.checkout.CheckoutFixtures.postPayment;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.checkout.CheckoutFixtures.state;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Cancelling: reversed at secuconnect, idempotent, never half-done. */
@QuarkusTest
class PaymentCancellationTest extends CheckoutTestBase {

    @Test
    void completedPaymentIsCancelledOnceAndTheCancelIsIdempotent() {
        completed("SO-X1");
        wm().stubFor(post(urlEqualTo(CANCEL_PATH))
                .willReturn(json(200, CheckoutFixtures.stxWithStatus("cancelled", merchantRef("SO-X1", 1)))));

        cancelPayment(ACME, "SO-X1")
                .then()
                .statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("cancelledAt", notNullValue())
                .body("loyaltyTransactionId", equalTo(CheckoutFixtures.LTX_ID));
        cancelPayment(ACME, "SO-X1").then().statusCode(200).body("status", equalTo("cancelled"));

        assertThat(cancels()).isEqualTo(1);
        assertThat(state("SO-X1")).isEqualTo("CANCELLED");
        assertThat(outboxEvents(EventOutbox.CASH_PAYMENT_CANCELLED)).isEqualTo(1);
        // a replay of the original request now tells the current outcome, and books nothing
        postPayment(ACME, seedOrder("SO-X1")).then().statusCode(200).body("status", equalTo("cancelled"));
        assertThat(CheckoutFixtures.creates()).isEqualTo(1);
    }

    @Test
    void refusedCancelLeavesThePaymentCompletedWithSecuconnectsReason() {
        completed("SO-X2");
        wm().stubFor(post(urlEqualTo(CANCEL_PATH)).willReturn(json(400, """
                {"status": "error", "error": "ProductInternalException", "error_details": "Could not cancel loyalty transaction",
                 "code": 1007, "supportId": "support-1007"}""")));

        cancelPayment(ACME, "SO-X2")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("1007"))
                .body("supportId", equalTo("support-1007"))
                .body("paymentStatus", equalTo("completed"));

        assertThat(state("SO-X2")).isEqualTo("COMPLETED");
        assertThat(outboxEvents(EventOutbox.CASH_PAYMENT_CANCELLED)).isZero();
    }

    @Test
    void cancelWithUnknownOutcomeIsFinishedByRecovery() {
        completed("SO-X3");
        wm().stubFor(post(urlEqualTo(CANCEL_PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        cancelPayment(ACME, "SO-X3")
                .then()
                .statusCode(202)
                .body("status", equalTo("cancelling"))
                .header("Location", org.hamcrest.Matchers.endsWith("/cash-payments/SO-X3"));
        assertThat(state("SO-X3")).isEqualTo("CANCEL_PENDING");

        org.erpbridge.secuconnect.SecuconnectClientState.reset(ACME);
        wm().stubFor(CheckoutFixtures.readStx()
                .willReturn(json(200, CheckoutFixtures.stxWithStatus("cancelled", merchantRef("SO-X3", 1)))));
        recovery.runPass(clock.instant().plus(Duration.ofMinutes(1)));

        assertThat(state("SO-X3")).isEqualTo("CANCELLED");
        assertThat(cancels()).as("the cancel had worked: not sent again").isEqualTo(1);
        assertThat(outboxEvents(EventOutbox.CASH_PAYMENT_CANCELLED)).isEqualTo(1);
    }

    @Test
    void cancelOfAPaymentStillBeingBookedIsRefusedAfterWaiting() {
        wm().stubFor(CheckoutFixtures.createStx()
                .willReturn(json(200, CheckoutFixtures.stxCreated(merchantRef("SO-X4", 1)))));
        wm().stubFor(CheckoutFixtures.startCash().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        postPayment(ACME, seedOrder("SO-X4")).then().statusCode(202);

        long started = System.nanoTime();
        cancelPayment(ACME, "SO-X4").then().statusCode(409).contentType("application/problem+json");

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("waited for sync-wait first")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(state("SO-X4")).isEqualTo("START_PENDING");
        assertThat(cancels()).isZero();
    }

    @Test
    void failedPaymentHasNothingToCancelAndUnknownOrdersAre404() {
        wm().stubFor(CheckoutFixtures.createStx()
                .willReturn(json(400, "{\"status\":\"error\",\"error\":\"ProductInternalException\",\"code\":1016}")));
        postPayment(ACME, seedOrder("SO-X5")).then().statusCode(422);

        cancelPayment(ACME, "SO-X5").then().statusCode(409);
        cancelPayment(ACME, "SO-NOPE").then().statusCode(404);
        assertThat(cancels()).isZero();
    }

    private static void completed(String orderId) {
        CheckoutFixtures.stubHappyPath(orderId);
        postPayment(ACME, seedOrder(orderId)).then().statusCode(200);
    }
}
