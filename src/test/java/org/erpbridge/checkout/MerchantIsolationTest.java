package org.erpbridge.checkout;

import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.ErpRequests;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.cancelPayment;
import static org.erpbridge.checkout.CheckoutFixtures.cancels;
import static org.erpbridge.checkout.CheckoutFixtures.postPayment;
import static org.erpbridge.checkout.CheckoutFixtures.readPayment;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.checkout.CheckoutFixtures.state;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.BRAVO;
import static org.erpbridge.testing.SecuconnectStubs.STX_PATH;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;
import static org.hamcrest.Matchers.equalTo;

/** One merchant never reads, cancels or collides with another merchant's payments. */
@QuarkusTest
class MerchantIsolationTest {

    @BeforeEach
    void reset() {
        CleanSlate.reset();
        CheckoutFixtures.stubHappyPath("SO-ISO");
        postPayment(ACME, seedOrder("SO-ISO")).then().statusCode(200);
    }

    @Test
    void bravoCannotReadOrCancelAcmesPayment() {
        readPayment(BRAVO, "SO-ISO").then().statusCode(404).contentType("application/problem+json");
        cancelPayment(BRAVO, "SO-ISO").then().statusCode(404);

        assertThat(state("SO-ISO")).isEqualTo("COMPLETED");
        assertThat(cancels()).isZero();
    }

    @Test
    void bravosKeyDoesNotOpenAcmesPaths() {
        String bravoKey = "bravo-erp-api-key-0123456789";
        ErpRequests.as(ACME)
                .withBearer(bravoKey)
                .request()
                .when()
                .get(ErpRequests.path(ACME, "/cash-payments/SO-ISO"))
                .then()
                .statusCode(401);
        ErpRequests.as(ACME)
                .withBearer(bravoKey)
                .json("")
                .when()
                .post(ErpRequests.path(ACME, "/cash-payments/SO-ISO/cancel"))
                .then()
                .statusCode(401);
        ErpRequests.as(BRAVO)
                .withBearer("acme-erp-api-key-0123456789")
                .request()
                .when()
                .get(ErpRequests.path(BRAVO, "/cash-payments/SO-ISO"))
                .then()
                .statusCode(401);

        assertThat(state("SO-ISO")).isEqualTo("COMPLETED");
        assertThat(cancels()).isZero();
    }

    @Test
    void theSameOrderIdAtBravoIsBravosOwnPaymentAtBravosSecuconnect() {
        String ref = PaymentCodec.merchantRef(BRAVO, "SO-ISO", 1);
        wm().stubFor(post(urlEqualTo("/bravo" + STX_PATH)).willReturn(json(200, CheckoutFixtures.stxCreated(ref))));
        wm().stubFor(post(urlEqualTo("/bravo" + CheckoutFixtures.START_PATH))
                .willReturn(json(200, CheckoutFixtures.stxOk(ref))));

        // other content than acme's order of the same id: no conflict, it is another merchant's order
        postPayment(BRAVO, seedOrder("SO-ISO").replace("\"Anna\"", "\"Bernd\""))
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"));

        assertThat(Database.count("select count(*) from cash_payment where order_id = 'SO-ISO'"))
                .isEqualTo(2);
        assertThat(Database.string("select cashier from cash_payment where merchant = 'acme'"))
                .isEqualTo("Anna");
        assertThat(Database.string("select cashier from cash_payment where merchant = 'bravo'"))
                .isEqualTo("Bernd");
        assertThat(ref).isNotEqualTo(CheckoutFixtures.merchantRef("SO-ISO", 1));
        readPayment(ACME, "SO-ISO").then().statusCode(200).body("attempts.size()", equalTo(1));
    }
}
