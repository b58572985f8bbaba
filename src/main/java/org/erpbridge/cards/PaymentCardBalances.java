package org.erpbridge.cards;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.carddata.CardVault;
import org.erpbridge.common.Jdbc;
import org.erpbridge.common.JdbcTransactions;
import org.erpbridge.merchant.Merchants;
import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.secuconnect.CardNumbers;
import org.erpbridge.secuconnect.model.MerchantCard;

/**
 * Records the balances a completed payment reported, inside the payment's own completing transaction: one lookup by
 * the card's unique key (the HMAC of its number), and only when the values changed a compare-and-set update on the {@code synced_at} it read
 * plus the history row and the {@code card.balance-changed} event. A concurrent payment on the same card that
 * committed first makes the compare fail: this one then writes nothing (no waiting in line on the row, and never
 * older values over newer ones); the next payment or sync brings the card up to date. A card seen for the first
 * time is left to {@link CardObservations} after the commit (its insert may race a sync's, and that must never
 * roll back a payment). The transaction is the payment's: a plain JDBC one ({@link JdbcTransactions}) or a JTA one;
 * without either this refuses to run.
 */
@ApplicationScoped
public class PaymentCardBalances {
    /**
     * The merchant is checked on the row the card key found, never used to choose an index: {@code merchant = ?} alone
     * would let the planner walk a merchant-led index (presence, changed) and filter by hash, which it did in the
     * bench once the statistics said the merchant was rare (hundreds of rows read per payment).
     */
    static final String FIND = "select id, balance, cash_balance, bonus_balance, points, lock_status, "
            + "stock_status, present, synced_at, merchant_card_id from card_balance where card_hash = ? "
            + "and merchant || '' = ?";

    private static final String UPDATE = "update card_balance set balance = ?, cash_balance = ?, bonus_balance = ?, "
            + "points = ?, lock_status = ?, stock_status = ?, present = true, synced_at = ?, changed_at = ?, "
            + "merchant_card_id = coalesce(?, merchant_card_id), last_usage = ?, last_charge = ? "
            + "where id = ? and merchant = ? and synced_at = ?";

    /** What the observation did. */
    public enum Outcome {
        UNCHANGED,
        CHANGED,
        UNKNOWN_CARD
    }

    private final DataSource dataSource;
    private final EventOutbox outbox;
    private final Merchants merchants;
    private final Clock clock;
    private final CardRows rows;
    private final CardVault vault;
    private final JdbcTransactions transactions;

    PaymentCardBalances(
            DataSource dataSource,
            EventOutbox outbox,
            Merchants merchants,
            Clock clock,
            CardRows rows,
            CardVault vault,
            JdbcTransactions transactions) {
        this.transactions = transactions;
        this.rows = rows;
        this.vault = vault;
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.merchants = merchants;
        this.clock = clock;
    }

    public Outcome observed(String merchant, MerchantCard card, Instant observedAt) {
        transactions.requireActive("the card balances of a payment");
        String number = card.cardNumber() == null ? "" : card.cardNumber().trim();
        if (number.isEmpty()) {
            return Outcome.UNCHANGED;
        }
        Instant observed = Timestamps.micros(observedAt);
        CardValues after = CardValues.of(card);
        // the transaction's connection: the bound plain one, or the one Agroal enlisted in the JTA transaction
        return Jdbc.on(dataSource, "recording the card balance of a payment", c -> {
            long id;
            CardValues before;
            boolean present;
            Instant syncedAt;
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, vault.lookupHash(number)); // an HMAC: no extra round trip on the payment path
                ps.setString(2, merchant);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Outcome.UNKNOWN_CARD;
                    }
                    id = rs.getLong("id");
                    before = new CardValues(
                            Jdbc.number(rs, "balance"),
                            Jdbc.number(rs, "cash_balance"),
                            Jdbc.number(rs, "bonus_balance"),
                            Jdbc.number(rs, "points"),
                            rs.getString("lock_status"),
                            rs.getString("stock_status"));
                    present = rs.getBoolean("present");
                    syncedAt = Jdbc.instant(rs, "synced_at");
                }
            }
            if ((present && !after.differsFrom(before)) || syncedAt.isAfter(observed)) {
                return Outcome.UNCHANGED; // nothing new for the ERP, or we already hold newer values
            }
            Instant now = Timestamps.micros(clock.instant());
            Instant lastUsage = Timestamps.micros(Timestamps.parse(card.lastUsage()));
            try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
                int i = CardRows.bindValues(ps, 0, after);
                Jdbc.instant(ps, ++i, observed);
                Jdbc.instant(ps, ++i, now);
                Jdbc.text(ps, ++i, card.id());
                Jdbc.instant(ps, ++i, lastUsage);
                Jdbc.instant(ps, ++i, Timestamps.micros(Timestamps.parse(card.lastCharge())));
                ps.setLong(++i, id);
                ps.setString(++i, merchant);
                Jdbc.instant(ps, ++i, syncedAt);
                if (ps.executeUpdate() == 0) {
                    return Outcome.UNCHANGED; // another payment or a sync wrote it first
                }
            }
            record(c, merchant, id, card, before, present, after, lastUsage, observed, now);
            return Outcome.CHANGED;
        });
    }

    /** The history row (plain JDBC, like the card's update: no entity on the payment path) and the ERP's event. */
    private void record(
            Connection c,
            String merchant,
            long cardId,
            MerchantCard card,
            CardValues before,
            boolean wasPresent,
            CardValues after,
            Instant lastUsage,
            Instant observed,
            Instant now)
            throws SQLException {
        boolean changed = after.differsFrom(before);
        UUID eventId = null;
        if (changed) {
            eventId = outbox.publish(
                    merchant,
                    EventOutbox.CARD_BALANCE_CHANGED,
                    new CardBalanceChanged(
                            CardNumbers.mask(card.cardNumber()),
                            card.id(),
                            merchants.get(merchant).currency().getCurrencyCode(),
                            before,
                            after,
                            CardBalances.SOURCE_PAYMENT,
                            null,
                            lastUsage,
                            observed));
        }
        rows.insertHistory(
                c,
                merchant,
                CardBalances.SOURCE_PAYMENT,
                null,
                now,
                List.of(new CardRows.History(
                        cardId,
                        changed ? CardBalanceHistory.CHANGED : CardBalanceHistory.REAPPEARED,
                        before,
                        wasPresent,
                        after,
                        true,
                        eventId)));
    }
}
