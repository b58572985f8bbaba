package org.erpbridge.ops;

import org.erpbridge.testing.Management;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Health and metrics answer on the management port only; the port the ERP reaches does not serve them. */
@QuarkusTest
class HealthEndpointTest {

    @Test
    void livenessIsUpOnPostgres() {
        Management.request().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void healthAndMetricsAreNotOnThePublicPort() {
        for (String path :
                new String[] {"/q/health", "/q/health/ready", "/q/health/live", "/q/health/started", "/q/metrics"}) {
            given().when().get(path).then().statusCode(404);
        }
        Management.request().when().get("/q/metrics").then().statusCode(200);
        Management.request().when().get("/q/health/ready").then().statusCode(200);
    }
}
