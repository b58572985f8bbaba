package org.erpbridge.sandbox;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

/** Outside dev builds the sandbox resource does not exist. */
@QuarkusTest
class SandboxAbsentTest {

    @Test
    void sandboxIsNotServedInTestBuilds() {
        given().contentType("application/json")
                .body("{}")
                .when()
                .post("/sandbox/secuconnect/oauth/token")
                .then()
                .statusCode(404);
    }
}
