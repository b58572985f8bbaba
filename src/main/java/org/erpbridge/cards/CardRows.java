package org.erpbridge.cards;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.erpbridge.common.Jdbc;
import org.erpbridge.common.JdbcTransactions;

import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;

/**
 * The rows of {@code card_balance} and {@code card_balance_history} in plain JDBC, in the caller's transaction: a
 * page of cards is looked up with one statement, its unchanged cards confirmed with one, and its new cards and
 * history rows inserted with one statement per 100 rows; no entity is loaded or dirty-checked. Every statement is
 * scoped by merchant, and cards are looked up through the key that leads with the card's lookup hash, so no statement
 * depends on fresh planner statistics. New ids come from the entities' own generators, so these rows and the rows
 * Hibernate persists (a payment's history row) share one pool of ids.
 */
@ApplicationScoped
class CardRows {
    private static final int ROWS_PER_INSERT = 100;
    /**
     * How statements that find rows by key (card numbers, ids) check the merchant: on each row found, never as an
     * index condition. With statistics from an emptier table (during an import) the planner takes an index led by
     * the merchant for cheaper than probing the key once per card, and then reads every card of the merchant.
     */
    private static final String MERCHANT_CHECKED = "merchant || '' = ?";

    private static final String COLUMNS =
            "id, card_hash, card_masked, merchant_card_id, balance, cash_balance, bonus_balance, "
                    + "points, lock_status, stock_status, last_usage, last_charge, expiry_date, present, synced_at, changed_at, "
                    + "seen_in_run";
    private static final String INSERT_CARDS =
            "insert into card_balance (" + COLUMNS + ", card_sealed, merchant) values ";
    private static final String CARD_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_CARD = "update card_balance set merchant_card_id = ?, balance = ?, "
            + "cash_balance = ?, bonus_balance = ?, points = ?, lock_status = ?, stock_status = ?, last_usage = ?, "
            + "last_charge = ?, expiry_date = ?, present = ?, synced_at = ?, changed_at = ?, seen_in_run = ? "
            + "where id = ? and " + MERCHANT_CHECKED;
    private static final String INSERT_HISTORY =
            "insert into card_balance_history (id, merchant, card_id, change_kind, "
                    + "source, run_id, old_balance, old_cash_balance, old_bonus_balance, old_points, old_lock_status, "
                    + "old_stock_status, new_balance, new_cash_balance, new_bonus_balance, new_points, new_lock_status, "
                    + "new_stock_status, old_present, new_present, changed_at, event_id) values ";
    private static final CardValues NO_VALUES = new CardValues(null, null, null, null, null, null);
    private static final String HISTORY_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * A card balance row as stored (or as it is about to be stored). The card is known by its lookup hash and masked
     * number; {@code cardSealed}, its encrypted number, is only set on a row about to be inserted.
     */
    record BalanceRow(
            long id,
            String cardHash,
            String cardMasked,
            String cardSealed,
            String merchantCardId,
            CardValues values,
            Instant lastUsage,
            Instant lastCharge,
            String expiryDate,
            boolean present,
            Instant syncedAt,
            Instant changedAt,
            Long seenInRun) {}

    /** One history row: the values before (null for a new card) and after, and the presence flip. */
    record History(
            long cardId,
            String kind,
            CardValues before,
            Boolean presentBefore,
            CardValues after,
            boolean presentAfter,
            UUID eventId) {}

    private final DataSource dataSource;
    private final EntityManager em;
    private final SessionFactory sessions;
    private final JdbcTransactions transactions;

    CardRows(DataSource dataSource, EntityManager em, SessionFactory sessions, JdbcTransactions transactions) {
        this.dataSource = dataSource;
        this.em = em;
        this.sessions = sessions;
        this.transactions = transactions;
    }

    /** The transaction's connection (the one Hibernate uses in it too); closing it gives it back to the transaction. */
    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** A new {@code card_balance} id from the entity's sequence generator. */
    long newCardId() {
        return newId(null, CardBalance.class);
    }

    /** The merchant's balances of the cards with these lookup hashes, by hash. */
    Map<String, BalanceRow> find(Connection c, String merchant, Collection<String> hashes) throws SQLException {
        Map<String, BalanceRow> found = new LinkedHashMap<>();
        byKeys(c, findSql(hashes.size()), hashes, merchant).forEach(s -> found.put(s.cardHash(), s));
        return found;
    }

    /** The look-up of {@code n} cards of a merchant by lookup hash: an index probe per hash in the card key. */
    static String findSql(int n) {
        return "select " + COLUMNS + " from card_balance where card_hash in (" + placeholders(n) + ") and "
                + MERCHANT_CHECKED;
    }

    /** The look-up of {@code n} ids of a merchant, locking the rows: an index probe per id in the primary key. */
    static String lockSql(int n) {
        return "select " + COLUMNS + " from card_balance where id in (" + placeholders(n) + ") and " + MERCHANT_CHECKED
                + " order by id for update";
    }

    /** The merchant's balances with these ids, locked for the rest of the transaction (in id order), by id. */
    Map<Long, BalanceRow> lock(Connection c, String merchant, Collection<Long> ids) throws SQLException {
        Map<Long, BalanceRow> locked = new LinkedHashMap<>();
        byKeys(c, lockSql(ids.size()), ids, merchant).forEach(s -> locked.put(s.id(), s));
        return locked;
    }

    /**
     * Up to {@code limit} present balances of the merchant that run {@code runId} did not list and nobody reported
     * since {@code before}, locked, in id order.
     */
    List<BalanceRow> lockUnseen(Connection c, String merchant, long runId, Instant before, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from card_balance where merchant = ? "
                + "and present = true and (seen_in_run is null or seen_in_run <> ?) and synced_at < ? order by id "
                + "limit ? for update")) {
            ps.setString(1, merchant);
            ps.setLong(2, runId);
            Jdbc.instant(ps, 3, before);
            ps.setInt(4, limit);
            return read(ps);
        }
    }

    /**
     * Records that cards were listed by run {@code runId} (when not null) and confirmed at {@code observed}: never
     * moves synced_at back and touches no value a concurrent payment could have written, so it needs no row lock.
     */
    void confirm(Connection c, String merchant, List<Long> ids, Instant observed, Long runId) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        String sql = "update card_balance set " + (runId != null ? "seen_in_run = ?, " : "")
                + "synced_at = case when synced_at < ? then ? else synced_at end where id in ("
                + placeholders(ids.size()) + ") and " + MERCHANT_CHECKED;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 0;
            if (runId != null) {
                ps.setLong(++i, runId);
            }
            Jdbc.instant(ps, ++i, observed);
            Jdbc.instant(ps, ++i, observed);
            bindKeys(ps, i, ids, merchant);
            ps.executeUpdate();
        }
    }

    /** Flags the merchant's balances with these ids as no longer listed. */
    void markAbsent(Connection c, String merchant, List<Long> ids, Instant changedAt) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("update card_balance set present = false, changed_at = ? "
                + "where id in (" + placeholders(ids.size()) + ") and " + MERCHANT_CHECKED)) {
            Jdbc.instant(ps, 1, changedAt);
            bindKeys(ps, 1, ids, merchant);
            ps.executeUpdate();
        }
    }

    void insert(Connection c, String merchant, List<BalanceRow> balances) throws SQLException {
        insertRows(c, INSERT_CARDS, CARD_VALUES, balances, (ps, i, s) -> {
            ps.setLong(++i, s.id());
            ps.setString(++i, s.cardHash());
            ps.setString(++i, s.cardMasked());
            i = bindDetails(ps, i, s);
            ps.setString(++i, s.cardSealed());
            ps.setString(++i, merchant);
            return i;
        });
    }

    /** Writes every column but the key of each row (a JDBC batch; few rows change per page). */
    void update(Connection c, String merchant, List<BalanceRow> balances) throws SQLException {
        if (balances.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPDATE_CARD)) {
            for (BalanceRow s : balances) {
                int i = bindDetails(ps, 0, s);
                ps.setLong(++i, s.id());
                ps.setString(++i, merchant);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    void insertHistory(Connection c, String merchant, String source, Long runId, Instant changedAt, List<History> rows)
            throws SQLException {
        insertRows(c, INSERT_HISTORY, HISTORY_VALUES, rows, (ps, i, h) -> {
            ps.setLong(++i, newId(c, CardBalanceHistory.class));
            ps.setString(++i, merchant);
            ps.setLong(++i, h.cardId());
            ps.setString(++i, h.kind());
            ps.setString(++i, source);
            Jdbc.number(ps, ++i, runId);
            i = bindValues(ps, i, h.before() != null ? h.before() : NO_VALUES);
            i = bindValues(ps, i, h.after());
            if (h.presentBefore() == null) {
                ps.setNull(++i, Types.BOOLEAN);
            } else {
                ps.setBoolean(++i, h.presentBefore());
            }
            ps.setBoolean(++i, h.presentAfter());
            Jdbc.instant(ps, ++i, changedAt);
            ps.setObject(++i, h.eventId());
            return i;
        });
    }

    private static List<BalanceRow> byKeys(Connection c, String sql, Collection<?> keys, String merchant)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindKeys(ps, 0, keys, merchant);
            return read(ps);
        }
    }

    /** Binds the keys of an {@code in (..)} list after parameter {@code i}, then the merchant. */
    private static void bindKeys(PreparedStatement ps, int i, Collection<?> keys, String merchant) throws SQLException {
        for (Object key : keys) {
            ps.setObject(++i, key);
        }
        ps.setString(++i, merchant);
    }

    /** Binds the columns both an insert and an update write, from merchant_card_id to seen_in_run. */
    private static int bindDetails(PreparedStatement ps, int i, BalanceRow s) throws SQLException {
        Jdbc.text(ps, ++i, s.merchantCardId());
        i = bindValues(ps, i, s.values());
        Jdbc.instant(ps, ++i, s.lastUsage());
        Jdbc.instant(ps, ++i, s.lastCharge());
        Jdbc.text(ps, ++i, s.expiryDate());
        ps.setBoolean(++i, s.present());
        Jdbc.instant(ps, ++i, s.syncedAt());
        Jdbc.instant(ps, ++i, s.changedAt());
        Jdbc.number(ps, ++i, s.seenInRun());
        return i;
    }

    /** Binds balance, cash balance, bonus balance, points, lock status and stock status, in that order. */
    static int bindValues(PreparedStatement ps, int i, CardValues values) throws SQLException {
        Jdbc.number(ps, ++i, values.balance());
        Jdbc.number(ps, ++i, values.cashBalance());
        Jdbc.number(ps, ++i, values.bonusBalance());
        Jdbc.number(ps, ++i, values.points());
        Jdbc.text(ps, ++i, values.lockStatus());
        Jdbc.text(ps, ++i, values.stockStatus());
        return i;
    }

    private interface Binder<T> {
        /** Binds one row's parameters after parameter {@code i}; returns the last index bound. */
        int bind(PreparedStatement ps, int i, T row) throws SQLException;
    }

    /** Multi-row inserts ({@code values (..), (..)}), up to 100 rows per statement. */
    private static <T> void insertRows(Connection c, String insert, String rowValues, List<T> rows, Binder<T> binder)
            throws SQLException {
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            StringBuilder sql = new StringBuilder(insert);
            for (int r = 0; r < chunk.size(); r++) {
                sql.append(r == 0 ? "" : ", ").append(rowValues);
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 0;
                for (T row : chunk) {
                    i = binder.bind(ps, i, row);
                }
                ps.executeUpdate();
            }
        }
    }

    private static List<BalanceRow> read(PreparedStatement ps) throws SQLException {
        List<BalanceRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new BalanceRow(
                        rs.getLong("id"),
                        rs.getString("card_hash"),
                        rs.getString("card_masked"),
                        null,
                        rs.getString("merchant_card_id"),
                        new CardValues(
                                Jdbc.number(rs, "balance"),
                                Jdbc.number(rs, "cash_balance"),
                                Jdbc.number(rs, "bonus_balance"),
                                Jdbc.number(rs, "points"),
                                rs.getString("lock_status"),
                                rs.getString("stock_status")),
                        Jdbc.instant(rs, "last_usage"),
                        Jdbc.instant(rs, "last_charge"),
                        rs.getString("expiry_date"),
                        rs.getBoolean("present"),
                        Jdbc.instant(rs, "synced_at"),
                        Jdbc.instant(rs, "changed_at"),
                        Jdbc.number(rs, "seen_in_run")));
            }
        }
        return rows;
    }

    /**
     * The next id of {@code entity} from its generator: through the JTA transaction's session, or (in a payment's plain
     * JDBC transaction, which has no session) through a stateless session on the caller's connection {@code c}, which
     * runs the generator's rare sequence call there instead of taking a second connection from the pool.
     */
    private long newId(Connection c, Class<?> entity) {
        if (c == null || transactions.jtaActive()) {
            return generate(em.unwrap(SessionImplementor.class), entity);
        }
        try (StatelessSession session = sessions.openStatelessSession(c)) {
            return generate((SharedSessionContractImplementor) session, entity);
        }
    }

    private static long generate(SharedSessionContractImplementor session, Class<?> entity) {
        BeforeExecutionGenerator generator = (BeforeExecutionGenerator) session.getFactory()
                .getMappingMetamodel()
                .getEntityDescriptor(entity)
                .getGenerator();
        return ((Number) generator.generate(session, null, null, EventType.INSERT)).longValue();
    }

    private static String placeholders(int n) {
        return n == 0 ? "null" : "?" + ", ?".repeat(n - 1);
    }
}
