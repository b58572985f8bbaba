package org.erpbridge.checkout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.carddata.CardVault;
import org.erpbridge.cards.PaymentCardBalances;
import org.erpbridge.common.Jdbc;
import org.erpbridge.common.JdbcTransactions;
import org.erpbridge.erp.SignatureUse;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.secuconnect.model.MerchantCard;

/**
 * Persists cash payments, nothing else: it decides no outcome. Plain JDBC, one short transaction per step (never
 * held across a secuconnect call), a plain JDBC transaction without JTA ({@link JdbcTransactions}; a caller inside a
 * JTA transaction is joined); a read of one statement runs in autocommit. A transition is one compare-and-set update
 * on the row's {@code version}: it writes the payment as the caller changed it only if nobody moved it since the
 * caller read it (a recovery claim bumps the version too, so a worker whose lease was taken over can write nothing
 * more). The store refuses a transition {@link PaymentState} does not declare. Every statement finds its row by a
 * unique key that leads with the id, order id or payment id and checks the merchant as well (see
 * V7__checkout_keys.sql).
 */
@ApplicationScoped
class PaymentStore {
    private static final String COLUMNS =
            "id, merchant, order_id, state, version, attempt, merchant_ref, request_hash, "
                    + "request_json, currency, total, card_masked, register, cashier, paid_at, smart_transaction_id, stx_status, "
                    + "loyalty_transaction_id, trans_id, booked_sum, booked_currency, merchant_card_id, card_balance, "
                    + "card_cash_balance, card_bonus_balance, card_points, reconciliation, reconciliation_reason, nothing_booked, "
                    + "error_code, error_name, error_details, error_user, support_id, last_problem, lease_until, created_at, "
                    + "attempt_started_at, state_changed_at, completed_at, cancel_requested_at, cancelled_at, create_tries, "
                    + "receipt_json, card_sealed";
    private static final String RECOVERABLE_STATES = PaymentState.RECOVERABLE.stream()
            .map(s -> "'" + s.name() + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    private static final String INSERT = "insert into cash_payment (merchant, order_id, state, version, attempt, "
            + "merchant_ref, request_hash, request_json, currency, total, card_masked, register, cashier, paid_at, "
            + "nothing_booked, lease_until, created_at, attempt_started_at, state_changed_at, create_tries, card_sealed, "
            + "plain_card) values (?, ?, ?, 0, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?, ?, ?, ?, 0, ?, false) "
            + "on conflict do nothing";
    private static final String UPDATE = "update cash_payment set state = ?, version = ?, lease_until = ?, "
            + "state_changed_at = ?, attempt = ?, attempt_started_at = ?, merchant_ref = ?, request_hash = ?, "
            + "request_json = ?, currency = ?, total = ?, card_masked = ?, register = ?, cashier = ?, paid_at = ?, "
            + "smart_transaction_id = ?, stx_status = ?, loyalty_transaction_id = ?, trans_id = ?, booked_sum = ?, "
            + "booked_currency = ?, merchant_card_id = ?, card_balance = ?, card_cash_balance = ?, "
            + "card_bonus_balance = ?, card_points = ?, reconciliation = ?, reconciliation_reason = ?, "
            + "nothing_booked = ?, error_code = ?, error_name = ?, error_details = ?, error_user = ?, support_id = ?, "
            + "last_problem = ?, completed_at = ?, cancel_requested_at = ?, cancelled_at = ?, create_tries = ?, "
            + "receipt_json = ?, card_sealed = ?, request_kept = ? where id = ? and merchant = ? and version = ?";
    private static final String INSERT_ATTEMPT = "insert into cash_payment_attempt (merchant, payment_id, attempt, "
            + "merchant_ref, request_hash, outcome, started_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)";
    /** Ids, error code, support id and problem are only ever set, never cleared: the attempt keeps what happened. */
    private static final String UPDATE_ATTEMPT = "update cash_payment_attempt set outcome = ?, updated_at = ?, "
            + "finished_at = coalesce(?, finished_at), smart_transaction_id = coalesce(?, smart_transaction_id), "
            + "error_code = coalesce(?, error_code), support_id = coalesce(?, support_id), "
            + "last_problem = coalesce(?, last_problem) where payment_id = ? and attempt = ? and merchant = ?";

    private static final String WHAT = "cash payment storage";

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration lease;
    private final EventOutbox outbox;
    private final PaymentCardBalances cards;
    private final CardVault vault;
    private final JdbcTransactions transactions;

    PaymentStore(
            DataSource dataSource,
            Clock clock,
            BridgeConfig config,
            EventOutbox outbox,
            PaymentCardBalances cards,
            CardVault vault,
            JdbcTransactions transactions) {
        this.transactions = transactions;
        this.cards = cards;
        this.vault = vault;
        this.dataSource = dataSource;
        this.clock = clock;
        this.lease = config.checkout().recoveryGrace();
        this.outbox = outbox;
    }

    /**
     * Stores a new payment in {@code state} with its first attempt, unless the order already exists (a concurrent
     * duplicate may have won: the unique key decides, without an error). Returns the new row when this call made it.
     */
    Optional<CashPayment> insert(String merchant, ValidatedPayment v, PaymentState state) {
        return insert(merchant, v, state, SignatureUse.NONE);
    }

    /**
     * {@link #insert(String, ValidatedPayment, PaymentState)}, recording first, in the same transaction, the use of
     * the request's signature: one commit for both. The use is recorded whether or not the order was new; a replay
     * writes nothing and throws the replay problem.
     */
    Optional<CashPayment> insert(String merchant, ValidatedPayment v, PaymentState state, SignatureUse use) {
        CashPayment p = CashPayment.of(merchant, v, vault);
        Instant now = now();
        p.state = state;
        p.leaseUntil = now.plus(lease);
        p.createdAt = now;
        p.attemptStartedAt = now;
        p.stateChangedAt = now;
        return transactions.inTransaction(WHAT, c -> {
            use.recordIn(c);
            try (PreparedStatement ps = c.prepareStatement(INSERT, new String[] {"id"})) {
                ps.setString(1, merchant);
                ps.setString(2, p.orderId);
                ps.setString(3, state.name());
                ps.setString(4, p.merchantRef);
                ps.setString(5, p.requestHash);
                ps.setString(6, p.requestJson);
                ps.setString(7, p.currency);
                ps.setLong(8, p.total);
                Jdbc.text(ps, 9, p.cardMasked);
                Jdbc.text(ps, 10, p.register);
                Jdbc.text(ps, 11, p.cashier);
                Jdbc.instant(ps, 12, p.paidAt);
                Jdbc.instant(ps, 13, p.leaseUntil);
                Jdbc.instant(ps, 14, now);
                Jdbc.instant(ps, 15, now);
                Jdbc.instant(ps, 16, now);
                Jdbc.text(ps, 17, p.cardSealed);
                if (ps.executeUpdate() == 0) {
                    return Optional.<CashPayment>empty();
                }
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    p.id = keys.getLong(1);
                }
            }
            insertAttempt(c, p);
            return Optional.of(p);
        });
    }

    Optional<CashPayment> find(String merchant, String orderId) {
        return sql(c -> selectOne(
                c, "select " + COLUMNS + " from cash_payment where order_id = ? and merchant = ?", orderId, merchant));
    }

    CashPayment get(String merchant, long id) {
        return sql(c -> selectOne(
                        c, "select " + COLUMNS + " from cash_payment where id = ? and merchant = ?", id, merchant))
                .orElseThrow(() ->
                        new IllegalStateException("cash payment " + id + " of merchant " + merchant + " vanished"));
    }

    /** The payment with its attempts (oldest first), read in one transaction. */
    PaymentSnapshot withAttempts(String merchant, long id) {
        return transactions.inTransaction(WHAT, c -> snapshot(merchant, id));
    }

    private PaymentSnapshot snapshot(String merchant, long id) {
        CashPayment p = get(merchant, id);
        List<CashPaymentDocument.Attempt> attempts = sql(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("select attempt, merchant_ref, smart_transaction_id, outcome, "
                            + "error_code, support_id, last_problem, started_at, updated_at, finished_at from cash_payment_attempt "
                            + "where payment_id = ? and merchant = ? order by attempt")) {
                ps.setLong(1, id);
                ps.setString(2, merchant);
                List<CashPaymentDocument.Attempt> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(new CashPaymentDocument.Attempt(
                                rs.getInt("attempt"),
                                rs.getString("merchant_ref"),
                                rs.getString("smart_transaction_id"),
                                PaymentState.valueOf(rs.getString("outcome")).apiStatus(),
                                rs.getString("error_code"),
                                rs.getString("support_id"),
                                rs.getString("last_problem"),
                                text(Jdbc.instant(rs, "started_at")),
                                text(Jdbc.instant(rs, "updated_at")),
                                text(Jdbc.instant(rs, "finished_at"))));
                    }
                }
                return result;
            }
        });
        return new PaymentSnapshot(p, attempts);
    }

    /**
     * Writes {@code p} as the caller changed it, if the row is still at {@code version} (compare-and-set): state,
     * data, version + 1, a fresh lease ({@code leaseFor}, or recovery-grace when null) and, when {@code event} is
     * given, that outbox event in the same transaction, and the balances of {@code card} (if any) when they changed.
     * Returns LOST, writing nothing, when another worker or recovery moved the row first; {@code p} is then stale.
     */
    Committed commit(
            CashPayment p, PaymentState from, long version, String event, Duration leaseFor, MerchantCard card) {
        return transactions.inTransaction(WHAT, c -> commit(p, from, version, event, leaseFor, card, false));
    }

    /** A resend after nothing was booked: the payment starts attempt n+1 (FAILED -> RECEIVED) with a new attempt row. */
    boolean commitNewAttempt(CashPayment p, long version) {
        return transactions.inTransaction(WHAT, c -> commit(p, PaymentState.FAILED, version, null, null, null, true))
                != Committed.LOST;
    }

    /** How a commit went: lost the race (nothing written), written, or written with a card the bridge did not know yet. */
    enum Committed {
        LOST,
        WRITTEN,
        WRITTEN_NEW_CARD
    }

    private Committed commit(
            CashPayment p,
            PaymentState from,
            long version,
            String event,
            Duration leaseFor,
            MerchantCard card,
            boolean newAttempt) {
        if (p.state != from && !from.canMoveTo(p.state)) {
            throw new IllegalStateException("undeclared transition " + from + " -> " + p.state + " of cash payment "
                    + p.merchant + "/" + p.orderId);
        }
        Instant now = now();
        p.version = version + 1;
        p.leaseUntil = now.plus(leaseFor != null ? leaseFor : lease);
        if (p.state != from) {
            p.stateChangedAt = now;
            stamp(p, from, now);
        }
        if (newAttempt) {
            p.attemptStartedAt = now;
        }
        if (!PaymentState.UNSETTLED.contains(p.state)) {
            p.cardSealed = null; // settled: nothing will be sent with this card again (a resend brings its own)
        }
        boolean written = sql(c -> {
            if (!update(c, p, version)) {
                return false;
            }
            if (newAttempt) {
                insertAttempt(c, p);
            } else if (p.state != from && mirrorsAttempt(from, p.state)) {
                updateAttempt(c, p, p.lastProblem, now);
            }
            return true;
        });
        if (!written) {
            return Committed.LOST;
        }
        if (event != null) {
            outbox.publish(p.merchant, event, PaymentDocuments.of(p));
        }
        if (card != null && cards.observed(p.merchant, card, now) == PaymentCardBalances.Outcome.UNKNOWN_CARD) {
            return Committed.WRITTEN_NEW_CARD;
        }
        return Committed.WRITTEN;
    }

    /** Records a transient problem without a transition, if the caller still holds the row at {@code p.version}. */
    void noteProblem(CashPayment p, String problem) {
        String text = Bookings.problemText(problem);
        p.lastProblem = text;
        transactions.inTransaction(WHAT, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "update cash_payment set last_problem = ? where id = ? and merchant = ? and version = ?")) {
                ps.setString(1, text);
                ps.setLong(2, p.id);
                ps.setString(3, p.merchant);
                ps.setLong(4, p.version);
                if (ps.executeUpdate() == 1) {
                    updateAttempt(c, p, text, now());
                }
            }
            return null;
        });
    }

    /**
     * Claims up to {@code limit} of the merchant's payments whose lease ran out in a state recovery works on,
     * skipping rows another replica has locked: each gets a new lease and version (so the worker that held it
     * before can write nothing more). Returns them as claimed.
     */
    List<CashPayment> claim(String merchant, Instant now, int limit) {
        return transactions.inTransaction(WHAT, c -> {
            List<CashPayment> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from cash_payment where state in "
                    + RECOVERABLE_STATES + " and lease_until < ? and merchant = ? order by lease_until limit ? "
                    + "for update skip locked")) {
                Jdbc.instant(ps, 1, now);
                ps.setString(2, merchant);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(row(rs));
                    }
                }
            }
            if (claimed.isEmpty()) {
                return claimed;
            }
            Instant until = now.plus(lease);
            try (PreparedStatement ps =
                    c.prepareStatement("update cash_payment set lease_until = ?, version = version + 1"
                            + " where id = ? and merchant = ?")) {
                for (CashPayment p : claimed) {
                    Jdbc.instant(ps, 1, until);
                    ps.setLong(2, p.id);
                    ps.setString(3, merchant);
                    ps.addBatch();
                    p.leaseUntil = until;
                    p.version++;
                }
                ps.executeBatch();
            }
            for (CashPayment p : claimed) {
                legacyReceipt(c, p);
            }
            return claimed;
        });
    }

    /** Counts for the gauges: unfinished payments whose lease ran out (recovery's work) and payments in review. */
    record Backlog(long stuck, long review) {}

    Backlog backlog(String merchant, Instant now) {
        return sql(c -> {
            try (PreparedStatement ps = c.prepareStatement("select sum(case when state in " + RECOVERABLE_STATES
                    + " and lease_until < ? then 1 else 0 end), sum(case when state = 'REVIEW' then 1 else 0 end) "
                    + "from cash_payment where state in " + RECOVERABLE_STATES.replace(")", ", 'REVIEW')")
                    + " and merchant = ?")) {
                Jdbc.instant(ps, 1, now);
                ps.setString(2, merchant);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Backlog(rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }

    /** The database keeps microseconds: rows handed back from memory must read exactly like the same rows read later. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Timestamps of entering a state. */
    private static void stamp(CashPayment p, PaymentState from, Instant now) {
        switch (p.state) {
            case COMPLETED -> p.completedAt = from.inFlight() ? now : p.completedAt;
            case CANCEL_PENDING -> p.cancelRequestedAt = now;
            case CANCELLED -> p.cancelledAt = now;
            default -> {}
        }
    }

    /**
     * The attempt row shows the API status ("processing" for every step of a booking), ids and errors: it is written
     * when the payment leaves or re-enters a booking, not at every step of one (the payment row holds those).
     */
    private static boolean mirrorsAttempt(PaymentState from, PaymentState to) {
        return !(from.inFlight() && to.inFlight());
    }

    private boolean update(Connection c, CashPayment p, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            int i = 0;
            ps.setString(++i, p.state.name());
            ps.setLong(++i, p.version);
            Jdbc.instant(ps, ++i, p.leaseUntil);
            Jdbc.instant(ps, ++i, p.stateChangedAt);
            ps.setInt(++i, p.attempt);
            Jdbc.instant(ps, ++i, p.attemptStartedAt);
            ps.setString(++i, p.merchantRef);
            ps.setString(++i, p.requestHash);
            ps.setString(++i, p.requestJson);
            ps.setString(++i, p.currency);
            ps.setLong(++i, p.total);
            Jdbc.text(ps, ++i, p.cardMasked);
            Jdbc.text(ps, ++i, p.register);
            Jdbc.text(ps, ++i, p.cashier);
            Jdbc.instant(ps, ++i, p.paidAt);
            Jdbc.text(ps, ++i, p.smartTransactionId);
            Jdbc.text(ps, ++i, p.stxStatus);
            Jdbc.text(ps, ++i, p.loyaltyTransactionId);
            Jdbc.text(ps, ++i, p.transId);
            Jdbc.number(ps, ++i, p.bookedSum);
            Jdbc.text(ps, ++i, p.bookedCurrency);
            Jdbc.text(ps, ++i, p.merchantCardId);
            Jdbc.number(ps, ++i, p.cardBalance);
            Jdbc.number(ps, ++i, p.cardCashBalance);
            Jdbc.number(ps, ++i, p.cardBonusBalance);
            Jdbc.number(ps, ++i, p.cardPoints);
            Jdbc.text(ps, ++i, p.reconciliation);
            Jdbc.text(ps, ++i, p.reconciliationReason);
            ps.setBoolean(++i, p.nothingBooked);
            Jdbc.text(ps, ++i, p.errorCode);
            Jdbc.text(ps, ++i, p.errorName);
            Jdbc.text(ps, ++i, p.errorDetails);
            Jdbc.text(ps, ++i, p.errorUser);
            Jdbc.text(ps, ++i, p.supportId);
            Jdbc.text(ps, ++i, p.lastProblem);
            Jdbc.instant(ps, ++i, p.completedAt);
            Jdbc.instant(ps, ++i, p.cancelRequestedAt);
            Jdbc.instant(ps, ++i, p.cancelledAt);
            ps.setInt(++i, p.createTries);
            Jdbc.text(ps, ++i, p.receiptJson);
            Jdbc.text(ps, ++i, p.cardSealed);
            ps.setBoolean(++i, p.requestJson != null);
            ps.setLong(++i, p.id);
            ps.setString(++i, p.merchant);
            ps.setLong(++i, version);
            return ps.executeUpdate() == 1;
        }
    }

    private static void insertAttempt(Connection c, CashPayment p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_ATTEMPT)) {
            ps.setString(1, p.merchant);
            ps.setLong(2, p.id);
            ps.setInt(3, p.attempt);
            ps.setString(4, p.merchantRef);
            ps.setString(5, p.requestHash);
            ps.setString(6, p.state.name());
            Jdbc.instant(ps, 7, p.attemptStartedAt);
            Jdbc.instant(ps, 8, p.attemptStartedAt);
            ps.executeUpdate();
        }
    }

    private static void updateAttempt(Connection c, CashPayment p, String problem, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE_ATTEMPT)) {
            ps.setString(1, p.state.name());
            Jdbc.instant(ps, 2, now);
            Jdbc.instant(ps, 3, p.state.recoverable() ? null : now);
            Jdbc.text(ps, 4, p.smartTransactionId);
            Jdbc.text(ps, 5, p.errorCode);
            Jdbc.text(ps, 6, p.supportId);
            Jdbc.text(ps, 7, problem);
            ps.setLong(8, p.id);
            ps.setInt(9, p.attempt);
            ps.setString(10, p.merchant);
            ps.executeUpdate();
        }
    }

    private Optional<CashPayment> selectOne(Connection c, String sql, Object key, String merchant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, key);
            ps.setString(2, merchant);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                CashPayment p = row(rs);
                rs.close();
                legacyReceipt(c, p);
                return Optional.of(p);
            }
        }
    }

    /**
     * Payments booked before receipts moved into {@code receipt_json} keep their lines in the old table: read them
     * into the JSON form, which the payment's next write stores in the column.
     */
    private static void legacyReceipt(Connection c, CashPayment p) throws SQLException {
        if (p.receiptJson != null || p.completedAt == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "select line_type, caption, name, line_value, line_text, decoration"
                        + " from cash_payment_receipt_line where payment_id = ? and merchant = ? order by line_position")) {
            ps.setLong(1, p.id);
            ps.setString(2, p.merchant);
            List<CashPaymentDocument.ReceiptLine> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String decoration = rs.getString("decoration");
                    lines.add(new CashPaymentDocument.ReceiptLine(
                            rs.getString("line_type"),
                            rs.getString("caption"),
                            rs.getString("name"),
                            rs.getString("line_value"),
                            rs.getString("line_text"),
                            decoration == null
                                    ? null
                                    : decoration.isEmpty() ? List.of() : List.of(decoration.split(","))));
                }
            }
            p.receiptJson = PaymentCodec.receiptJson(lines);
        }
    }

    private static CashPayment row(ResultSet rs) throws SQLException {
        CashPayment p = new CashPayment();
        p.id = rs.getLong("id");
        p.merchant = rs.getString("merchant");
        p.orderId = rs.getString("order_id");
        p.state = PaymentState.valueOf(rs.getString("state"));
        p.version = rs.getLong("version");
        p.attempt = rs.getInt("attempt");
        p.merchantRef = rs.getString("merchant_ref");
        p.requestHash = rs.getString("request_hash");
        p.requestJson = rs.getString("request_json");
        p.currency = rs.getString("currency");
        p.total = rs.getLong("total");
        p.cardMasked = rs.getString("card_masked");
        p.register = rs.getString("register");
        p.cashier = rs.getString("cashier");
        p.paidAt = Jdbc.instant(rs, "paid_at");
        p.smartTransactionId = rs.getString("smart_transaction_id");
        p.stxStatus = rs.getString("stx_status");
        p.loyaltyTransactionId = rs.getString("loyalty_transaction_id");
        p.transId = rs.getString("trans_id");
        p.bookedSum = Jdbc.number(rs, "booked_sum");
        p.bookedCurrency = rs.getString("booked_currency");
        p.merchantCardId = rs.getString("merchant_card_id");
        p.cardBalance = Jdbc.number(rs, "card_balance");
        p.cardCashBalance = Jdbc.number(rs, "card_cash_balance");
        p.cardBonusBalance = Jdbc.number(rs, "card_bonus_balance");
        p.cardPoints = Jdbc.number(rs, "card_points");
        p.reconciliation = rs.getString("reconciliation");
        p.reconciliationReason = rs.getString("reconciliation_reason");
        p.nothingBooked = rs.getBoolean("nothing_booked");
        p.errorCode = rs.getString("error_code");
        p.errorName = rs.getString("error_name");
        p.errorDetails = rs.getString("error_details");
        p.errorUser = rs.getString("error_user");
        p.supportId = rs.getString("support_id");
        p.lastProblem = rs.getString("last_problem");
        p.leaseUntil = Jdbc.instant(rs, "lease_until");
        p.createdAt = Jdbc.instant(rs, "created_at");
        p.attemptStartedAt = Jdbc.instant(rs, "attempt_started_at");
        p.stateChangedAt = Jdbc.instant(rs, "state_changed_at");
        p.completedAt = Jdbc.instant(rs, "completed_at");
        p.cancelRequestedAt = Jdbc.instant(rs, "cancel_requested_at");
        p.cancelledAt = Jdbc.instant(rs, "cancelled_at");
        p.createTries = rs.getInt("create_tries");
        p.receiptJson = rs.getString("receipt_json");
        p.cardSealed = rs.getString("card_sealed");
        return p;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /**
     * Runs on the transaction's connection when one is active (the bound plain one, or the one Agroal enlisted in the
     * JTA transaction), else on a pooled connection in autocommit: a read of one statement needs no transaction.
     */
    private <T> T sql(Jdbc.Work<T> work) {
        return Jdbc.on(dataSource, WHAT, work);
    }
}
