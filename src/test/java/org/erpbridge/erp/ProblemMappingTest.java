package org.erpbridge.erp;

import org.erpbridge.testing.ErpRequests;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class ProblemMappingTest {
    private static final String ECHO = ErpRequests.path("acme", "/test-echo");

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", matchesPattern("urn:erpbridge:problem:[a-z0-9-]+"))
                .body("title", notNullValue())
                .body("detail", notNullValue());
    }

    @Test
    void malformedJsonIs400() {
        problem(
                        ErpRequests.as("acme")
                                .json("{\"name\": \"x\", \"amount\": ")
                                .when()
                                .post(ECHO)
                                .then(),
                        400)
                .body("type", equalTo("urn:erpbridge:problem:bad-request"))
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void wrongTypeIs400NamingTheField() {
        problem(
                        ErpRequests.as("acme")
                                .json("{\"name\":\"x\",\"amount\":\"twelve\",\"lines\":[]}")
                                .when()
                                .post(ECHO)
                                .then(),
                        400)
                .body("detail", containsString("'amount'"))
                .body("detail", containsString("expected an integer"))
                .body("detail", not(containsString("twelve")))
                .body("errors[0].field", equalTo("amount"));
    }

    @Test
    void wrongTypeInsideAListNamesTheIndexedPath() {
        problem(
                        ErpRequests.as("acme")
                                .json("{\"name\":\"x\",\"amount\":1,\"lines\":[{\"sku\":\"a\",\"quantity\":1},"
                                        + "{\"sku\":\"b\",\"quantity\":\"many\"}]}")
                                .when()
                                .post(ECHO)
                                .then(),
                        400)
                .body("errors[0].field", equalTo("lines[1].quantity"))
                .body("detail", not(containsString("Exception")))
                .body("detail", not(containsString("org.erpbridge")));
    }

    @Test
    void cardNumberInAWrongTypedFieldIsNotEchoed() {
        problem(
                        ErpRequests.as("acme")
                                .json("{\"name\":\"x\",\"amount\":{\"card\":\"9276004429942845\"},\"lines\":[]}")
                                .when()
                                .post(ECHO)
                                .then(),
                        400)
                .body("errors[0].field", equalTo("amount"))
                .body(not(containsString("9276004429942845")));
    }

    @Test
    void objectWhereAnArrayBelongsIs400() {
        problem(
                        ErpRequests.as("acme")
                                .json("{\"name\":\"x\",\"amount\":1,\"lines\":{\"sku\":\"a\"}}")
                                .when()
                                .post(ECHO)
                                .then(),
                        400)
                .body("errors[0].field", equalTo("lines"))
                .body("detail", containsString("expected an array"));
    }

    @Test
    void validationIs422ListingEveryField() {
        problem(
                        ErpRequests.as("acme")
                                .json("{\"name\":\"\",\"amount\":0,\"lines\":[{\"sku\":\"a\",\"quantity\":1},"
                                        + "{\"sku\":\"\",\"quantity\":0}]}")
                                .when()
                                .post(ECHO)
                                .then(),
                        422)
                .body("type", equalTo("urn:erpbridge:problem:validation"))
                .body("errors", hasSize(4))
                .body("errors.field", containsInAnyOrder("name", "amount", "lines[1].sku", "lines[1].quantity"))
                .body("errors.find { it.field == 'amount' }.reason", containsString("greater than or equal to 1"));
    }

    @Test
    void missingBodyIs422OnTheBody() {
        problem(ErpRequests.as("acme").json("").when().post(ECHO).then(), 422).body("errors[0].field", equalTo("body"));
    }

    @Test
    void unknownPathIs404() {
        problem(
                        ErpRequests.as("acme")
                                .request()
                                .when()
                                .get(ErpRequests.path("acme", "/no-such-thing"))
                                .then(),
                        404)
                .body("type", equalTo("urn:erpbridge:problem:not-found"));
        problem(given().when().get("/definitely/not/here").then(), 404);
    }

    @Test
    void wrongMethodIs405WithAllow() {
        problem(ErpRequests.as("acme").request().when().delete(ECHO).then(), 405)
                .body("type", equalTo("urn:erpbridge:problem:method-not-allowed"))
                .body("detail", containsString("does not support DELETE"));
    }

    @Test
    void wrongMediaTypeIs415() {
        problem(
                        ErpRequests.as("acme")
                                .request()
                                .contentType(ContentType.TEXT)
                                .body("name=x")
                                .header("X-Signature-Timestamp", Long.toString(ErpRequests.now()))
                                .header(
                                        "X-Signature",
                                        ErpRequests.signature(
                                                "acme-signing-secret-0123456789",
                                                ErpRequests.now(),
                                                "POST",
                                                ECHO,
                                                "name=x"))
                                .when()
                                .post(ECHO)
                                .then(),
                        415)
                .body("detail", containsString("application/json"));
    }

    @Test
    void unexpectedFailureIs500WithoutInternals() {
        problem(
                        ErpRequests.as("acme")
                                .request()
                                .when()
                                .get(ErpRequests.path("acme", "/test-echo/boom"))
                                .then(),
                        500)
                .body("type", equalTo("urn:erpbridge:problem:internal"))
                .body("correlationId", matchesPattern("[0-9a-f-]{36}"))
                .header("X-Correlation-Id", matchesPattern("[0-9a-f-]{36}"))
                .body(not(containsString("IllegalStateException")))
                .body(not(containsString("secret-host")))
                .body(not(containsString("at org.")));
    }
}
