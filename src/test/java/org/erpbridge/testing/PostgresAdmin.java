package org.erpbridge.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL server that hands out databases of their own: the tests' server on 127.0.0.1:5432 ({@link #LOCAL}) and
 * the bench's own cluster use the same code. Plain JDBC, no test framework, so the bench compiles it too.
 */
public record PostgresAdmin(String host, int port, String user, String password) {
    /**
     * The tests' server; user and password from {@code BRIDGE_TEST_DB_USER} / {@code BRIDGE_TEST_DB_PASSWORD} (or
     * system properties {@code bridge.test.db-user} / {@code -password}).
     */
    public static final PostgresAdmin LOCAL = new PostgresAdmin(
            "127.0.0.1",
            5432,
            setting("bridge.test.db-user", "BRIDGE_TEST_DB_USER", "postgres"),
            setting("bridge.test.db-password", "BRIDGE_TEST_DB_PASSWORD", ""));

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Creates an empty database named {@code prefix_<millis>_<pid>} and returns its JDBC URL. */
    public String createDatabase(String prefix) throws SQLException {
        String name = prefix.replaceAll("[^a-z0-9_]", "_") + "_" + System.currentTimeMillis() + "_"
                + ProcessHandle.current().pid();
        admin("create database " + name);
        return jdbcUrl(name);
    }

    public void dropDatabase(String jdbcUrl) throws SQLException {
        admin("drop database if exists " + jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1) + " with (force)");
    }

    public Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** Rows of a query on any database of this server, as column-name maps. */
    public List<Map<String, Object>> query(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = connect(jdbcUrl)) {
            return rows(c, sql);
        }
    }

    /** Rows of a query as column-label maps, in order. */
    public static List<Map<String, Object>> rows(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> result = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
                        row.put(rs.getMetaData().getColumnLabel(col), rs.getObject(col));
                    }
                    result.add(row);
                }
            }
            return result;
        }
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = connect(jdbcUrl("postgres"));
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
