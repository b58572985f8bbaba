package org.erpbridge.common;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionRequiredException;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.TransactionalException;

import org.jboss.logging.Logger;

/**
 * Plain JDBC transactions for the payment path, without JTA: a connection from the pool with autocommit off, bound to
 * the thread so that every {@link Jdbc#on} inside runs on it, committed at the end or rolled back on any exception.
 * Begin and commit are then two round trips on one connection, with no transaction manager, synchronizations or
 * enlistment in between. Code that already runs in a JTA transaction (an {@code @Transactional} caller) joins that one
 * instead, as before; a transaction inside a bound one joins it too. The bridge has one datasource, so one connection
 * bound per thread is all there is to know.
 */
@ApplicationScoped
public class JdbcTransactions {
    private static final Logger LOG = Logger.getLogger(JdbcTransactions.class);
    private static final ThreadLocal<Bound> BOUND = new ThreadLocal<>();

    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry jta;

    JdbcTransactions(DataSource dataSource, TransactionSynchronizationRegistry jta) {
        this.dataSource = dataSource;
        this.jta = jta;
    }

    /** A plain transaction on this thread: its connection and what runs once it committed. */
    private record Bound(Connection connection, List<Runnable> afterCommit) {}

    /**
     * Runs {@code work} in a transaction: the JTA or plain one already active on this thread, else a new plain one that
     * commits when {@code work} returns and rolls back when it throws (the exception is rethrown). A failure names
     * {@code what} failed.
     */
    public <T> T inTransaction(String what, Jdbc.Work<T> work) {
        if (BOUND.get() != null || jtaActive()) {
            return Jdbc.on(dataSource, what, work);
        }
        Bound bound;
        try {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(false);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            bound = new Bound(c, new ArrayList<>(2));
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
        BOUND.set(bound);
        T result;
        try {
            result = Jdbc.on(dataSource, what, work);
            bound.connection().commit();
        } catch (SQLException e) {
            rollback(bound, e);
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            rollback(bound, e);
            throw e;
        } finally {
            BOUND.remove();
            giveBack(bound.connection());
        }
        bound.afterCommit().forEach(JdbcTransactions::runHook);
        return result;
    }

    /** Whether a JTA transaction or a plain one of this class is active on this thread. */
    public boolean active() {
        return BOUND.get() != null || jtaActive();
    }

    /** Whether a JTA transaction is active on this thread (and with it a Hibernate session of its own). */
    public boolean jtaActive() {
        return jta.getTransactionStatus() != Status.STATUS_NO_TRANSACTION;
    }

    /**
     * Refuses to go on without a transaction (JTA or plain): for writes that must commit with the change they belong
     * to or not at all. Thrown as the JTA interceptor of {@code @Transactional(MANDATORY)} throws it.
     */
    public void requireActive(String what) {
        if (!active()) {
            throw new TransactionalException(
                    what + " must run inside the transaction of the change it belongs to",
                    new TransactionRequiredException("no transaction is active"));
        }
    }

    /**
     * Runs {@code hook} once the active transaction has committed (never after a rollback). A hook's failure is logged:
     * the commit stands.
     */
    public void afterCommit(Runnable hook) {
        Bound bound = BOUND.get();
        if (bound != null) {
            bound.afterCommit().add(hook);
        } else if (jtaActive()) {
            jta.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {}

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        runHook(hook);
                    }
                }
            });
        } else {
            throw new IllegalStateException("an after-commit hook needs an active transaction");
        }
    }

    /** The connection of the plain transaction bound to this thread, or null. */
    static Connection bound() {
        Bound bound = BOUND.get();
        return bound == null ? null : bound.connection();
    }

    private static void rollback(Bound bound, Throwable cause) {
        try {
            bound.connection().rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Back to the pool as it came out of it: autocommit on (a broken connection is closed all the same). */
    private static void giveBack(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debugf("Could not restore autocommit before returning a connection: %s", e.getMessage());
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debugf("Could not return a connection to the pool: %s", e.getMessage());
        }
    }

    private static void runHook(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            LOG.warnf("An after-commit step failed (the transaction stays committed): %s", e.toString());
        }
    }
}
