package org.erpbridge.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL server on 127.0.0.1:5432 ({@link PostgresAdmin#LOCAL}) that gives each test JVM and each packaged
 * application a database of its own, so that parallel builds never share one.
 */
public final class PostgresServer {
    public static final String USER = PostgresAdmin.LOCAL.user();
    public static final String PASSWORD = PostgresAdmin.LOCAL.password();

    private PostgresServer() {}

    /** Creates an empty database named {@code prefix_<millis>_<pid>} and returns its JDBC URL. */
    public static String createDatabase(String prefix) throws SQLException {
        return PostgresAdmin.LOCAL.createDatabase(prefix);
    }

    public static void dropDatabase(String jdbcUrl) throws SQLException {
        PostgresAdmin.LOCAL.dropDatabase(jdbcUrl);
    }

    public static Connection connect(String jdbcUrl) throws SQLException {
        return PostgresAdmin.LOCAL.connect(jdbcUrl);
    }

    /** Rows of a query on any database of this server, as column-name maps. */
    public static List<Map<String, Object>> query(String jdbcUrl, String sql) throws SQLException {
        return PostgresAdmin.LOCAL.query(jdbcUrl, sql);
    }

    static String setting(String property, String env, String otherwise) {
        return PostgresAdmin.setting(property, env, otherwise);
    }
}
