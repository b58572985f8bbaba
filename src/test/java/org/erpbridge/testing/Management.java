package org.erpbridge.testing;

import io.quarkus.arc.Arc;
import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.HttpServer;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/**
 * Requests to the management interface ({@code /q/health}, {@code /q/metrics}), which listens on a port of its own
 * (a random one in tests), never on the port the ERP reaches.
 */
public final class Management {
    private Management() {}

    /** The management interface's port in this test run. */
    public static int port() {
        ValueRegistry values = Arc.container().instance(ValueRegistry.class).get();
        return values.get(HttpServer.MANAGEMENT_TEST_PORT);
    }

    /** A request to the management interface, e.g. {@code Management.request().get("/q/health/ready")}. */
    public static RequestSpecification request() {
        return given().port(port());
    }
}
