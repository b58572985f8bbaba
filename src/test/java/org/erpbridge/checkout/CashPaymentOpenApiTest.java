package org.erpbridge.checkout;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

/** The cash-payment API is described in the OpenAPI document, with its examples. */
@QuarkusTest
class CashPaymentOpenApiTest {

    @Test
    void openApiDescribesTheCashPaymentEndpoints() {
        given().queryParam("format", "json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths.'/api/v1/merchants/{merchant}/cash-payments'.post.requestBody", notNullValue())
                .body("paths.'/api/v1/merchants/{merchant}/cash-payments'.post.responses.'202'", notNullValue())
                .body("paths.'/api/v1/merchants/{merchant}/cash-payments/{orderId}'.get", notNullValue())
                .body("paths.'/api/v1/merchants/{merchant}/cash-payments/{orderId}/cancel'.post", notNullValue())
                .body("components.schemas.CashPaymentRequest.properties.loyaltyCard", notNullValue())
                .body(containsString("************1234"))
                .body(containsString("Kundenkarte"));
    }
}
