package org.erpbridge.sandbox;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Outside dev builds the sandbox resource does not exist. */
@QuarkusTest
class SandboxAbsentTest {

    @Test
    void sandboxIsNotServedInTestBuilds() {
        given().contentType("application/json").body("{}").when().post("/sandbox/secuconnect/oauth/token").then()
                .statusCode(404);
    }
}
