package org.erpbridge.cards;

import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Keeps PostgreSQL's statistics of {@code card_balance} up to date while a sync inserts cards in bulk. Each page is
 * matched by {@code merchant = ? and card_number in (...)}; with statistics from an emptier table the planner reads
 * every card of the merchant and filters (38 ms a page at 10,000 cards, growing with the table) instead of looking
 * up the page's cards in the unique index. Autovacuum analyzes only about once a minute, far too late for an import;
 * so after every fifth (at least 500 rows) of new rows this runs {@code ANALYZE card_balance}, which samples a
 * bounded number of rows. H2 (dev mode) has no such planner problem and is left alone.
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

    /** Counts new snapshot rows; analyzes (in the caller's transaction) once enough have come since the last time. */
    @Transactional(Transactional.TxType.MANDATORY)
    void inserted(int newRows) {
        long since = insertedSinceAnalyze.addAndGet(newRows);
        if (since < Math.max(MIN_NEW_ROWS, rowsAtAnalyze.get() / 5) || !isPostgres()) {
            return;
        }
        insertedSinceAnalyze.set(0);
        em.unwrap(Session.class).doWork(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("analyze card_balance");
            }
        });
        long rows = ((Number) em.createNativeQuery("select reltuples from pg_class where relname = 'card_balance'")
                .getSingleResult()).longValue();
        rowsAtAnalyze.set(Math.max(0, rows));
        LOG.debugf("Analyzed card_balance after %d new rows: about %d rows now", since, rows);
    }

    private boolean isPostgres() {
        if (postgres == null) {
            postgres = em.unwrap(Session.class).doReturningWork(
                    connection -> connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres"));
        }
        return postgres;
    }
}
