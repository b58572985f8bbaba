package org.erpbridge.outbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.erpbridge.common.Jdbc;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The outbox's database work, each step in its own short transaction (never held open across HTTP). Plain JDBC:
 * every delivery pass runs these, and HQL would be translated anew each time and dirty-checked rows flushed one
 * by one.
 */
@ApplicationScoped
class OutboxStore {
    // SKIP LOCKED: concurrent workers (replicas or passes) take disjoint rows instead of waiting for each other
    private static final String CLAIM = "select id, merchant, type, payload, occurred_at, attempts from outbox_event"
            + " where merchant = ? and status = 'pending' and next_attempt_at <= ?"
            + " and (lease_until is null or lease_until < ?)"
            + " order by next_attempt_at limit ? for update skip locked";
    /** An attempt's outcome applies only while this worker still holds the row (see {@link #STILL_OURS}). */
    private static final String OWNED = ", attempts = attempts + 1, last_attempt_at = ?, lease_until = null,"
            + " claimed_by = null where id = ? and merchant || '' = ? and claimed_by = ?";

    /**
     * Ownership of claimed rows found by id. {@code claimed_by} is set only on pending rows and cleared by every change
     * of status, so it alone proves the row is still pending and ours. A {@code status = 'pending'} test here let the
     * planner pick the due index (status first) and filter a whole backlog by id; without it only the primary key fits.
     */
    static final String STILL_OURS = "claimed_by = ?";

    /**
     * The merchant's pending and dead events, as index ranges: {@code status <> 'delivered'} read every delivered
     * event the table keeps (30 days by default) on each gauge refresh.
     */
    static final String UNDELIVERED = "outbox_event where merchant = ? and status in ('pending', 'dead')";

    private final EntityManager em;
    private final DataSource dataSource;

    @Inject
    OutboxStore(EntityManager em, DataSource dataSource) {
        this.em = em;
        this.dataSource = dataSource;
    }

    /** Reserves up to {@code limit} due events of the merchant for {@code worker} until {@code leaseUntil} and commits. */
    List<ClaimedEvent> claim(String merchant, Instant now, int limit, Instant leaseUntil, String worker) {
        return QuarkusTransaction.requiringNew()
                .call(() -> sql(c -> {
                    List<ClaimedEvent> claimed = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
                        ps.setString(1, merchant);
                        Jdbc.instant(ps, 2, now);
                        Jdbc.instant(ps, 3, now);
                        ps.setInt(4, limit);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                claimed.add(new ClaimedEvent(
                                        rs.getObject("id", UUID.class),
                                        rs.getString("merchant"),
                                        rs.getString("type"),
                                        rs.getString("payload"),
                                        Jdbc.instant(rs, "occurred_at"),
                                        rs.getInt("attempts"),
                                        leaseUntil));
                            }
                        }
                    }
                    if (!claimed.isEmpty()) {
                        try (PreparedStatement ps =
                                c.prepareStatement("update outbox_event set lease_until = ?, claimed_by = ?"
                                        + " where id in (" + Jdbc.placeholders(claimed.size()) + ")")) {
                            Jdbc.instant(ps, 1, leaseUntil);
                            ps.setString(2, worker);
                            bindIds(ps, 3, claimed);
                            ps.executeUpdate();
                        }
                    }
                    return claimed;
                }));
    }

    /**
     * Records the 2xx answers of a batch in one transaction (one update per status code); returns how many rows this
     * worker still held. Rows whose lease was lost meanwhile are left to their new owner.
     */
    int markDelivered(Map<Integer, List<ClaimedEvent>> byStatus, String worker, Instant now) {
        if (byStatus.isEmpty()) {
            return 0;
        }
        return QuarkusTransaction.requiringNew()
                .call(() -> sql(c -> {
                    int recorded = 0;
                    for (Map.Entry<Integer, List<ClaimedEvent>> entry : byStatus.entrySet()) {
                        try (PreparedStatement ps =
                                c.prepareStatement(delivered(entry.getValue().size()))) {
                            Jdbc.instant(ps, 1, now);
                            ps.setInt(2, entry.getKey());
                            Jdbc.instant(ps, 3, now);
                            int next = bindIds(ps, 4, entry.getValue());
                            ps.setString(next, worker);
                            recorded += ps.executeUpdate();
                        }
                    }
                    return recorded;
                }));
    }

    /** Marks {@code ids} claimed rows delivered: delivered_at, status code, attempted at, the ids, the worker. */
    static String delivered(int ids) {
        return "update outbox_event set status = 'delivered', delivered_at = ?, last_status = ?, last_error = null,"
                + " attempts = attempts + 1, last_attempt_at = ?, lease_until = null, claimed_by = null where id in ("
                + Jdbc.placeholders(ids) + ") and " + STILL_OURS;
    }

    /** Records a failed attempt: pending again from {@code nextAttemptAt}; false when the lease was lost. */
    boolean markRetry(
            ClaimedEvent event, String worker, Instant now, Integer status, String error, Instant nextAttemptAt) {
        return QuarkusTransaction.requiringNew()
                .call(() -> sql(c -> {
                    try (PreparedStatement ps = c.prepareStatement("update outbox_event set next_attempt_at = ?,"
                            + " last_status = ?, last_error = ?" + OWNED)) {
                        Jdbc.instant(ps, 1, nextAttemptAt);
                        return outcome(ps, 2, event, worker, now, status, error);
                    }
                }));
    }

    /** Records a failed attempt after which the event is given up. */
    boolean markDead(ClaimedEvent event, String worker, Instant now, Integer status, String error) {
        return QuarkusTransaction.requiringNew()
                .call(() -> sql(c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "update outbox_event set status = 'dead', last_status = ?," + " last_error = ?" + OWNED)) {
                        return outcome(ps, 1, event, worker, now, status, error);
                    }
                }));
    }

    /** Gives back claimed rows that were not attempted (the pass ran out of lease time). */
    void release(List<ClaimedEvent> events, String worker) {
        if (events.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew()
                .call(() -> sql(c -> {
                    try (PreparedStatement ps =
                            c.prepareStatement("update outbox_event set lease_until = null, claimed_by = null"
                                    + " where id in (" + Jdbc.placeholders(events.size())
                                    + ") and " + STILL_OURS)) {
                        ps.setString(bindIds(ps, 1, events), worker);
                        return ps.executeUpdate();
                    }
                }));
    }

    OutboxBacklog backlog(String merchant) {
        return QuarkusTransaction.joiningExisting()
                .call(() -> sql(c -> {
                    try (PreparedStatement ps = c.prepareStatement("select"
                            + " coalesce(sum(case when status = 'pending' then 1 else 0 end), 0),"
                            + " coalesce(sum(case when status = 'dead' then 1 else 0 end), 0),"
                            + " min(case when status = 'pending' then occurred_at end)"
                            + " from " + UNDELIVERED)) {
                        ps.setString(1, merchant);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            OffsetDateTime oldest = rs.getObject(3, OffsetDateTime.class);
                            return new OutboxBacklog(
                                    merchant,
                                    rs.getLong(1),
                                    rs.getLong(2),
                                    Optional.ofNullable(oldest).map(OffsetDateTime::toInstant));
                        }
                    }
                }));
    }

    /** Binds status, error and the ownership of one attempt's outcome from {@code index}; true when it applied. */
    private static boolean outcome(
            PreparedStatement ps,
            int index,
            ClaimedEvent event,
            String worker,
            Instant now,
            Integer status,
            String error)
            throws SQLException {
        if (status == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, status);
        }
        Jdbc.text(ps, index + 1, shorten(error));
        Jdbc.instant(ps, index + 2, now);
        ps.setObject(index + 3, event.id());
        ps.setString(index + 4, event.merchant());
        ps.setString(index + 5, worker);
        return ps.executeUpdate() == 1;
    }

    /** Binds the events' ids from {@code index}; returns the next free index. */
    private static int bindIds(PreparedStatement ps, int index, List<ClaimedEvent> events) throws SQLException {
        int i = index;
        for (ClaimedEvent e : events) {
            ps.setObject(i++, e.id());
        }
        return i;
    }

    private static String shorten(String error) {
        return error == null || error.length() <= 200 ? error : error.substring(0, 200);
    }

    private <T> T sql(Jdbc.Work<T> work) {
        return Jdbc.on(dataSource, "outbox storage", work);
    }

    /** For tests and operations: one row by id, scoped by merchant. */
    Optional<OutboxEvent> find(String merchant, UUID id) {
        return QuarkusTransaction.joiningExisting()
                .call(() -> em.createQuery(
                                "from OutboxEvent where id = :id and merchant = :merchant", OutboxEvent.class)
                        .setParameter("id", id)
                        .setParameter("merchant", merchant)
                        .getResultStream()
                        .findFirst());
    }
}
