package org.erpbridge.dashboard;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The merchant's latest card balance sync, read from the card sync feature's {@code card_sync_run} table. Read with
 * plain SQL so the dashboard does not depend on that feature's classes; a build without the table shows the panel as
 * not available.
 */
@ApplicationScoped
class CardSyncPanel {
    private final EntityManager em;
    private volatile Boolean tablePresent;

    CardSyncPanel(EntityManager em) {
        this.em = em;
    }

    @Transactional
    DashboardPage.CardSync latest(String merchant, Function<Instant, String> time) {
        if (!tablePresent()) {
            return new DashboardPage.CardSync(false, false, null, null, null, null, 0, 0, 0, null, 0, null);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select state, trigger_kind, started_at, finished_at, pages, cards_seen,"
                + " cards_changed, total_reported, error from card_sync_run where merchant = ?1"
                + " order by started_at desc, id desc limit 1")
                .setParameter(1, merchant).getResultList();
        if (rows.isEmpty()) {
            return new DashboardPage.CardSync(true, false, null, null, null, null, 0, 0, 0, null, 0, null);
        }
        Object[] r = rows.get(0);
        long seen = number(r[5]);
        Long total = r[7] == null ? null : number(r[7]);
        String state = (String) r[0];
        int progress = "completed".equals(state) ? 100
                : total == null || total == 0 ? 0 : (int) Math.min(100, seen * 100 / total);
        return new DashboardPage.CardSync(true, true, state, (String) r[1], time.apply(instant(r[2])),
                time.apply(instant(r[3])), (int) number(r[4]), seen, number(r[6]), total, progress, (String) r[8]);
    }

    private boolean tablePresent() {
        Boolean present = tablePresent;
        if (present == null) {
            Number n = (Number) em.createNativeQuery("select count(*) from information_schema.tables where "
                    + "lower(table_name) = 'card_sync_run' and lower(table_schema) = lower(current_schema())").getSingleResult();
            present = n.longValue() > 0;
            tablePresent = present;
        }
        return present;
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Drivers hand timestamps with time zone over as Instant, OffsetDateTime or Timestamp. */
    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return l.atZone(ZoneId.of("UTC")).toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass().getName());
    }
}
