package org.erpbridge.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the database and WireMock for every @QuarkusTest in the module. */
@QuarkusTestResource(value = PostgresTestDatabase.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = WireMockServers.class, restrictToAnnotatedClass = false)
public final class TestResources {
    private TestResources() {}
}
