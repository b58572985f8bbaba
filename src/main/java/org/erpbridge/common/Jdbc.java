package org.erpbridge.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import javax.sql.DataSource;

/** Null-safe parameter and column helpers for the plain-JDBC paths (PostgreSQL and H2 in PostgreSQL mode). */
public final class Jdbc {
    private Jdbc() {}

    /** Work on one connection; SQL errors become unchecked at the edge of {@link #on}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a connection of {@code dataSource}: the one of the plain transaction bound to this thread
     * ({@link JdbcTransactions}), else one from the pool (inside a JTA transaction Agroal hands the connection enlisted
     * in it; outside any, it runs in autocommit). A failure names {@code what} failed.
     */
    public static <T> T on(DataSource dataSource, String what, Work<T> work) {
        try {
            Connection bound = JdbcTransactions.bound();
            if (bound != null) {
                return work.run(bound); // not closed: the transaction gives it back when it ends
            }
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** {@code ?, ?, ?} for {@code n} parameters of an {@code in (...)} list. */
    public static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    public static void text(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    public static void number(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    public static void instant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, value.atOffset(ZoneOffset.UTC));
        }
    }

    public static Long number(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
