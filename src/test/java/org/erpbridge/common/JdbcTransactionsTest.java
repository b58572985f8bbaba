package org.erpbridge.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;

import org.erpbridge.testing.Database;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plain JDBC transaction of the payment path: what runs in it commits together or not at all, everything inside
 * runs on its one connection, and an active JTA transaction is joined instead.
 */
@QuarkusTest
class JdbcTransactionsTest {
    private static final String ROWS = "select count(*) from erp_used_signature where merchant_key = 'jdbc-tx-test'";

    @Inject
    JdbcTransactions transactions;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void reset() {
        Database.execute("delete from erp_used_signature where merchant_key = 'jdbc-tx-test'");
    }

    @Test
    void whatRunsInsideCommitsWhenTheWorkReturns() {
        List<String> steps = new ArrayList<>();
        int written = transactions.inTransaction("test", c -> {
            insert(c, "a");
            transactions.afterCommit(() -> steps.add("after commit"));
            // a nested step through the plain helper runs on the same connection, in the same transaction
            Jdbc.on(dataSource, "nested", nested -> {
                assertThat(nested).isSameAs(c);
                return insert(nested, "b");
            });
            assertThat(Database.count(ROWS))
                    .as("nothing visible before the commit")
                    .isZero();
            steps.add("work done");
            return 2;
        });

        assertThat(written).isEqualTo(2);
        assertThat(Database.count(ROWS)).isEqualTo(2);
        assertThat(steps).containsExactly("work done", "after commit");
        assertThat(Jdbc.on(dataSource, "autocommit", Connection::getAutoCommit))
                .as("the connection went back to the pool in autocommit")
                .isTrue();
    }

    @Test
    void anExceptionRollsEverythingBackAndIsRethrownAsItIs() {
        List<String> hooks = new ArrayList<>();
        IllegalArgumentException failure = new IllegalArgumentException("the change failed");

        assertThatThrownBy(() -> transactions.inTransaction("test", c -> {
                    insert(c, "a");
                    transactions.afterCommit(() -> hooks.add("after commit"));
                    // a nested transaction joins the outer one: it is rolled back with it
                    transactions.inTransaction("nested", nested -> insert(nested, "b"));
                    throw failure;
                }))
                .isSameAs(failure);

        assertThat(Database.count(ROWS)).isZero();
        assertThat(hooks).as("no after-commit step after a rollback").isEmpty();
        assertThat(transactions.active()).isFalse();
        assertThat(Jdbc.on(dataSource, "autocommit", Connection::getAutoCommit)).isTrue();
    }

    @Test
    void anotherThreadDoesNotSeeTheBoundConnection() {
        transactions.inTransaction("test", c -> {
            insert(c, "a");
            boolean elsewhere = CompletableFuture.supplyAsync(
                            () -> transactions.active() || Jdbc.on(dataSource, "other thread", other -> other == c))
                    .join();
            assertThat(elsewhere).isFalse();
            return null;
        });
        assertThat(Database.count(ROWS)).isEqualTo(1);
    }

    @Test
    void insideAJtaTransactionItJoinsThatOne() {
        List<String> hooks = new ArrayList<>();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                    transactions.inTransaction("test", c -> insert(c, "a"));
                    transactions.afterCommit(() -> hooks.add("after commit"));
                    throw new IllegalStateException("the JTA transaction fails");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(Database.count(ROWS))
                .as("rolled back with the JTA transaction")
                .isZero();
        assertThat(hooks).isEmpty();

        QuarkusTransaction.requiringNew().run(() -> {
            transactions.inTransaction("test", c -> insert(c, "b"));
            transactions.afterCommit(() -> hooks.add("after commit"));
        });
        assertThat(Database.count(ROWS)).isEqualTo(1);
        assertThat(hooks).containsExactly("after commit");
    }

    @Test
    void requireActiveRefusesToRunOutsideAnyTransaction() {
        assertThatThrownBy(() -> transactions.requireActive("an event")).isInstanceOf(TransactionalException.class);
        assertThatThrownBy(() -> transactions.afterCommit(() -> {})).isInstanceOf(IllegalStateException.class);
        transactions.inTransaction("plain", c -> {
            transactions.requireActive("an event");
            return null;
        });
        QuarkusTransaction.requiringNew().run(() -> transactions.requireActive("an event"));
    }

    private static int insert(Connection c, String digest) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into erp_used_signature (signature_digest, merchant_key, expires_at) values (?, ?, ?)")) {
            ps.setString(1, digest);
            ps.setString(2, "jdbc-tx-test");
            ps.setObject(3, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5));
            return ps.executeUpdate();
        }
    }
}
