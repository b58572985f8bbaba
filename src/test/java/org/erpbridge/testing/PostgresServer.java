package org.erpbridge.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL server on 127.0.0.1:5432 that gives each test JVM and each packaged application a database of
 * its own, so that parallel builds never share one. User and password: {@code BRIDGE_TEST_DB_USER} /
 * {@code BRIDGE_TEST_DB_PASSWORD} (or system properties {@code bridge.test.db-user} / {@code -password}).
 */
public final class PostgresServer {
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public static final String USER = setting("bridge.test.db-user", "BRIDGE_TEST_DB_USER", "postgres");
    public static final String PASSWORD = setting("bridge.test.db-password", "BRIDGE_TEST_DB_PASSWORD", "");

    private PostgresServer() {}

    /** Creates an empty database named {@code prefix_<millis>_<pid>} and returns its JDBC URL. */
    public static String createDatabase(String prefix) throws SQLException {
        String name = prefix + "_" + System.currentTimeMillis() + "_"
                + ProcessHandle.current().pid();
        admin("create database " + name);
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    public static void dropDatabase(String jdbcUrl) throws SQLException {
        admin("drop database if exists " + jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1) + " with (force)");
    }

    public static Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, USER, PASSWORD);
    }

    /** Rows of a query on any database of this server, as column-name maps. */
    public static List<Map<String, Object>> query(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = connect(jdbcUrl)) {
            return Database.rows(c, sql);
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = connect(ADMIN_URL);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A system property, else an environment variable, else the default. */
    static String setting(String property, String env, String otherwise) {
        for (String v : new String[] {System.getProperty(property), System.getenv(env)}) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return otherwise;
    }
}
