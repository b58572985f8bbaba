package org.erpbridge.cards;

import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Gives PostgreSQL statistics of {@code card_balance} early in a sync's bulk import. A page's cards are looked up by
 * {@code card_hash in (...)} through the card key, the merchant checked on each row found. That plan needs to know
 * that card hashes are (nearly) distinct: without any statistics the planner takes each number for 0.5 % of the
 * table, 50 % for a page of 100, and reads the whole table instead. Once analyzed with a few hundred cards in it,
 * the estimate stays right as the table grows (the distinct count is kept as a fraction of the rows, and the row
 * count is scaled to the table's size), so no later page needs fresher statistics; autovacuum, analyzing only
 * about once a minute, would be too late for the first import. Payments never come here: they look a card up by
 * the whole key. So a sync reports each page's new rows, and this runs {@code ANALYZE card_balance} (a bounded
 * sample) once at least 500 rows are new and the table has at least doubled since the last time: a handful of
 * times over an import into an empty table, then rarely. H2 (dev mode) is left alone.
 */
@ApplicationScoped
class PlannerStatistics {
    private static final Logger LOG = Logger.getLogger(PlannerStatistics.class);
    private static final long MIN_NEW_ROWS = 500;

    private final EntityManager em;
    private final AtomicLong insertedSinceAnalyze = new AtomicLong();
    private final AtomicLong rowsAtAnalyze = new AtomicLong();
    private volatile Boolean postgres;

    PlannerStatistics(EntityManager em) {
        this.em = em;
    }

    /** Counts new row rows; analyzes (in the caller's transaction) once enough have come since the last time. */
    @Transactional(Transactional.TxType.MANDATORY)
    void inserted(int newRows) {
        long since = insertedSinceAnalyze.addAndGet(newRows);
        if (since < Math.max(MIN_NEW_ROWS, rowsAtAnalyze.get()) || !isPostgres()) {
            return;
        }
        insertedSinceAnalyze.set(0);
        em.unwrap(Session.class).doWork(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("analyze card_balance");
            }
        });
        long rows = ((Number) em.createNativeQuery("select reltuples from pg_class where relname = 'card_balance'")
                        .getSingleResult())
                .longValue();
        rowsAtAnalyze.set(Math.max(0, rows));
        LOG.debugf("Analyzed card_balance after %d new rows: about %d rows now", since, rows);
    }

    /** Starts counting afresh, as for an empty table (tests that empty it). */
    void forget() {
        insertedSinceAnalyze.set(0);
        rowsAtAnalyze.set(0);
    }

    private boolean isPostgres() {
        if (postgres == null) {
            postgres = em.unwrap(Session.class)
                    .doReturningWork(connection -> connection
                            .getMetaData()
                            .getDatabaseProductName()
                            .toLowerCase()
                            .contains("postgres"));
        }
        return postgres;
    }
}
