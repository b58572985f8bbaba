package org.erpbridge.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import org.erpbridge.testing.PostgresAdmin;

/**
 * A fresh database per run in the harness's own cluster ({@link PgCluster}), created, connected and dropped with the
 * test kit's {@link PostgresAdmin}, and the SQL counts the figures are read back with.
 */
final class Db implements AutoCloseable {
    private final Env env;
    private final PostgresAdmin server;
    private final String url;

    private Db(Env env, PostgresAdmin server, String url) {
        this.env = env;
        this.server = server;
        this.url = url;
    }

    static Db fresh(Env env, String scenario) throws SQLException {
        PostgresAdmin server =
                new PostgresAdmin("127.0.0.1", PgCluster.shared(env).port(), env.dbUser(), "");
        return new Db(env, server, server.createDatabase("bridge_bench_" + scenario));
    }

    String url() {
        return url;
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
        return server.connect(url);
    }

    @Override
    public void close() throws SQLException {
        if (!env.flag("keep-db")) {
            server.dropDatabase(url);
        }
    }
}
