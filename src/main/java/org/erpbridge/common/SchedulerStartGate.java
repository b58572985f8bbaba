package org.erpbridge.common;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * Lets one replica at a time set up the clustered Quartz store at start-up. Quarkus stores each {@code @Scheduled}
 * job after checking that it does not exist yet, outside any lock: two replicas starting together on a fresh
 * database both found none, both stored it, and the second failed start-up ("Unable to store Job ... because one
 * already exists"). A PostgreSQL session advisory lock, taken before the scheduler is created and released once every
 * start-up observer has scheduled its jobs, puts the replicas in line; a replica that dies while holding it frees
 * it with its connection. H2 (dev mode, one process) needs no gate.
 */
@ApplicationScoped
class SchedulerStartGate {
    private static final Logger LOG = Logger.getLogger(SchedulerStartGate.class);
    /** Any constant the bridge uses for nothing else: "erpb" in ASCII. */
    private static final long LOCK_KEY = 0x65727062L;

    private final AgroalDataSource dataSource;
    private Connection holder;

    SchedulerStartGate(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Before Quartz is created (its first user observes start-up at PLATFORM_BEFORE - 1). */
    void enter(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 2) StartupEvent start) {
        try {
            Connection c = dataSource.getConnection();
            holder = c;
            if (!c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
                holder = null;
                c.close();
                return;
            }
            try (Statement s = c.createStatement()) {
                // another replica's scheduler set-up may take a while on a busy node; the pool's 10 s is for requests
                s.execute("set lock_timeout = '120s'");
                s.execute("select pg_advisory_lock(" + LOCK_KEY + ")");
            }
        } catch (SQLException e) {
            LOG.warnf(
                    "Starting the scheduler without waiting for other replicas (%s): two replicas starting on a fresh "
                            + "database at once may fail one start-up, which its restart then repairs",
                    e.getMessage());
            close();
        }
    }

    /** After every start-up observer has scheduled its jobs. */
    void leave(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000) StartupEvent start) {
        if (holder == null) {
            return;
        }
        try (Statement s = holder.createStatement()) {
            s.execute("select pg_advisory_unlock(" + LOCK_KEY + ")");
            s.execute("reset lock_timeout"); // the connection goes back to the pool
        } catch (SQLException e) {
            LOG.debugf("Scheduler start gate: unlock failed (%s); closing the connection frees it", e.getMessage());
        } finally {
            close();
        }
    }

    private void close() {
        if (holder != null) {
            try (Statement s = holder.createStatement()) {
                s.execute("reset lock_timeout");
            } catch (SQLException e) {
                LOG.debugf("Scheduler start gate: reset failed (%s)", e.getMessage());
            }
            try {
                holder.close();
            } catch (SQLException e) {
                LOG.debugf("Scheduler start gate: closing its connection failed (%s)", e.getMessage());
            }
            holder = null;
        }
    }
}
