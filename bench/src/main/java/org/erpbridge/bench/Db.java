package org.erpbridge.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** A fresh database per run in the harness's own cluster ({@link PgCluster}), and the SQL counts the figures are read back with. */
final class Db implements AutoCloseable {
    private final Env env;
    private final String name;

    private Db(Env env, String name) {
        this.env = env;
        this.name = name;
    }

    static Db fresh(Env env, String scenario) throws SQLException {
        String name = "bridge_bench_" + scenario.replaceAll("[^a-z0-9]", "_") + "_" + System.currentTimeMillis();
        admin(env, "create database " + name);
        return new Db(env, name);
    }

    private static void admin(Env env, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PgCluster.shared(env).jdbcUrl("postgres"), env.dbUser(), "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    String url() {
        return PgCluster.shared(env).jdbcUrl(name);
    }

    PgCluster cluster() {
        return PgCluster.shared(env);
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code select key, count(*) ... group by key} as a map. */
    Map<String, Long> counts(String sql) throws SQLException {
        Map<String, Long> result = new LinkedHashMap<>();
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                result.put(rs.getString(1), rs.getLong(2));
            }
        }
        return result;
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), env.dbUser(), "");
    }

    @Override
    public void close() throws SQLException {
        if (!env.flag("keep-db")) {
            admin(env, "drop database if exists " + name + " with (force)");
        }
    }
}
