package org.erpbridge.sandbox;

import java.util.List;

import jakarta.inject.Inject;

import org.erpbridge.merchant.Merchants;
import org.erpbridge.secuconnect.Secuconnect;
import org.erpbridge.secuconnect.SecuconnectRejectedException;
import org.erpbridge.secuconnect.model.Basket;
import org.erpbridge.secuconnect.model.BasketInfo;
import org.erpbridge.secuconnect.model.BasketProduct;
import org.erpbridge.secuconnect.model.IdentRequest;
import org.erpbridge.secuconnect.model.ListQuery;
import org.erpbridge.secuconnect.model.SmartTransaction;
import org.erpbridge.secuconnect.model.SmartTransactionRequest;
import org.erpbridge.testing.Management;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** The real client against the in-process sandbox, as in dev mode: merchant demo has no credentials. */
@QuarkusTest
@TestProfile(SandboxProfile.class)
class SandboxEndToEndTest {

    @Inject
    Secuconnect secuconnect;

    @Inject
    Merchants merchants;

    private static SmartTransactionRequest order(String ref, long priceOne, long quantity) {
        return new SmartTransactionRequest(
                null,
                "sale",
                null,
                new Basket(
                        List.of(new BasketProduct(
                                1, null, "article", "Coffee", "4711", null, quantity, priceOne, 19, null)),
                        null),
                new BasketInfo(Math.multiplyExact(priceOne, quantity), "EUR"),
                List.of(IdentRequest.card("9276000000000123")),
                ref,
                "Order " + ref,
                null);
    }

    @Test
    void cashSaleRunsThroughTheClientAgainstTheSandbox() {
        assertThat(merchants.get("demo").secuconnect().sandbox()).isTrue();

        SmartTransaction created = secuconnect.createSmartTransaction("demo", order("SB-1", 250, 3));
        SmartTransaction done = secuconnect.startSmartTransaction("demo", created.id(), "cash");

        assertThat(created.status()).isEqualTo("created");
        assertThat(done.status()).isEqualTo("ok");
        assertThat(done.loyaltyTransactionId()).isPresent();
        assertThat(done.receipt().get(5).value().text()).isEqualTo("7,50 EUR");
        assertThat(done.merchantCard().orElseThrow().balance()).isEqualTo(2340L); // derived from the made-up number
        assertThat(secuconnect
                        .listSmartTransactions("demo", ListQuery.of("merchantRef:\"SB-1\""))
                        .items())
                .extracting(SmartTransaction::id)
                .containsExactly(created.id());
        assertThat(secuconnect
                        .getLoyaltyTransaction(
                                "demo", done.loyaltyTransactionId().get())
                        .amount())
                .isEqualTo(750L);
        assertThat(secuconnect.cancelSmartTransaction("demo", created.id()).status())
                .isEqualTo("cancelled");
        assertThat(secuconnect.listMerchantCards("demo", null).items()).hasSize(3);
        assertThat(secuconnect.validateMerchantCard("demo", "9276999900000001").isLocked())
                .isTrue();
    }

    @Test
    void sandboxRejectionsArriveAsSecuconnectRejections() {
        SmartTransactionRequest wrongSum = new SmartTransactionRequest(
                null, null, null, order("SB-2", 100, 1).basket(), new BasketInfo(99, "EUR"), null, "SB-2", null, null);

        assertThatThrownBy(() -> secuconnect.createSmartTransaction("demo", wrongSum))
                .isInstanceOfSatisfying(SecuconnectRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.errorDetails()).contains("basket_info.sum");
                });
    }

    @Test
    void readinessReportsTheSandboxMerchant() {
        Management.request()
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'secuconnect' }.data.demo", equalTo("sandbox"));
    }

    @Test
    void theErpOpenApiDocumentLeavesOutTheSandboxAndTheDashboard() {
        // the sandbox is served in this (dev) profile
        given().when()
                .get("/sandbox/secuconnect/api/v2/Loyalty/MerchantCards")
                .then()
                .statusCode(not(equalTo(404)));
        String document = given().queryParam("format", "json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(document)
                .contains("/api/v1/merchants/{merchant}/cash-payments")
                .doesNotContain("/sandbox/")
                .doesNotContain("/dashboard");
    }
}
