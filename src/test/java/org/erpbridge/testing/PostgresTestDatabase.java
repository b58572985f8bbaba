package org.erpbridge.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives every test run a real PostgreSQL database: the JDBC URL in {@code BRIDGE_TEST_JDBC_URL} (or system
 * property {@code bridge.test.jdbc-url}) when given; otherwise a fresh database on 127.0.0.1:5432 created for
 * this run and dropped when the JVM exits; otherwise the run fails at once saying how to provide PostgreSQL.
 */
public class PostgresTestDatabase implements QuarkusTestResourceLifecycleManager {
    private static Map<String, String> properties;

    @Override
    public synchronized Map<String, String> start() {
        if (properties == null) {
            properties = provide();
        }
        return properties;
    }

    @Override
    public void stop() {
        // the database lives for the whole JVM: Quarkus restarts between test profiles reuse it
    }

    public static String jdbcUrl() {
        return properties.get("quarkus.datasource.jdbc.url");
    }

    /** A plain JDBC connection to the test database, for assertions and fixtures. */
    public static Connection connect() throws SQLException {
        return PostgresServer.connect(jdbcUrl());
    }

    private static Map<String, String> provide() {
        String url = PostgresServer.setting("bridge.test.jdbc-url", "BRIDGE_TEST_JDBC_URL", null);
        if (url == null) {
            try {
                String created = PostgresServer.createDatabase("bridge_test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(created)));
                url = created;
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "The tests need PostgreSQL and found none at 127.0.0.1:5432 (" + e.getMessage()
                                + "). Start it (pg_ctlcluster 15 main start; .ci/run does this and installs it if missing), or "
                                + "point the tests at a server with BRIDGE_TEST_JDBC_URL=jdbc:postgresql://host:port/db "
                                + "(plus BRIDGE_TEST_DB_USER / BRIDGE_TEST_DB_PASSWORD).",
                        e);
            }
        }
        return Map.of(
                "quarkus.datasource.jdbc.url",
                url,
                "quarkus.datasource.username",
                PostgresServer.USER,
                "quarkus.datasource.password",
                PostgresServer.PASSWORD);
    }

    private static void drop(String jdbcUrl) {
        try {
            PostgresServer.dropDatabase(jdbcUrl);
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + jdbcUrl + ": " + e.getMessage());
        }
    }
}
