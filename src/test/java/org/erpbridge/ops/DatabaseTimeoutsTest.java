package org.erpbridge.ops;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every pooled connection carries a statement, lock, idle-transaction and socket timeout. */
@QuarkusTest
class DatabaseTimeoutsTest {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyConnectionHasItsTimeouts() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            assertThat(setting(c, "statement_timeout")).isEqualTo("1min");
            assertThat(setting(c, "lock_timeout")).isEqualTo("10s");
            assertThat(setting(c, "idle_in_transaction_session_timeout")).isEqualTo("1min");
            assertThat(c.getNetworkTimeout()).as("socket timeout (ms)").isEqualTo(90_000);
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
