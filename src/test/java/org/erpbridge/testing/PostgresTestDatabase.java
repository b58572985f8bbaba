package org.erpbridge.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives every test run a real PostgreSQL database: the JDBC URL in {@code BRIDGE_TEST_JDBC_URL} (or system
 * property {@code bridge.test.jdbc-url}) when given; otherwise a fresh database on 127.0.0.1:5432 created for
 * this run and dropped when the JVM exits; otherwise the run fails at once saying how to provide PostgreSQL.
 */
public class PostgresTestDatabase implements QuarkusTestResourceLifecycleManager {
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
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
        return DriverManager.getConnection(jdbcUrl(), properties.get("quarkus.datasource.username"),
                properties.get("quarkus.datasource.password"));
    }

    private static Map<String, String> provide() {
        String explicit = setting("bridge.test.jdbc-url", "BRIDGE_TEST_JDBC_URL");
        String user = orDefault(setting("bridge.test.db-user", "BRIDGE_TEST_DB_USER"), "postgres");
        String password = orDefault(setting("bridge.test.db-password", "BRIDGE_TEST_DB_PASSWORD"), "");
        if (explicit != null) {
            return Map.of("quarkus.datasource.jdbc.url", explicit, "quarkus.datasource.username", user,
                    "quarkus.datasource.password", password);
        }
        String name = "bridge_test_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")) + "_"
                + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(ADMIN_URL, user, password);
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("The tests need PostgreSQL and found none at 127.0.0.1:5432 (" + e.getMessage()
                    + "). Start it (pg_ctlcluster 15 main start; .ci/run does this and installs it if missing), or "
                    + "point the tests at a server with BRIDGE_TEST_JDBC_URL=jdbc:postgresql://host:port/db "
                    + "(plus BRIDGE_TEST_DB_USER / BRIDGE_TEST_DB_PASSWORD).", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(name, user, password)));
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + name,
                "quarkus.datasource.username", user, "quarkus.datasource.password", password);
    }

    private static void drop(String name, String user, String password) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, user, password);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + name + ": " + e.getMessage());
        }
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v;
    }

    private static String orDefault(String v, String d) {
        return v == null ? d : v;
    }
}
