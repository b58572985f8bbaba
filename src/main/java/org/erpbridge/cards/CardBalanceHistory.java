package org.erpbridge.cards;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One change of a card balance row, with the values before and after. Written only when something changed. */
@Entity
@Table(name = "card_balance_history")
public class CardBalanceHistory extends PanacheEntityBase {
    public static final String NEW = "new";
    public static final String CHANGED = "changed";
    public static final String MISSING = "missing";
    public static final String REAPPEARED = "reappeared";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "card_balance_history_seq")
    @SequenceGenerator(
            name = "card_balance_history_seq",
            sequenceName = "card_balance_history_seq",
            allocationSize = 1000)
    public Long id;

    @Column(nullable = false, length = 64)
    public String merchant;

    @Column(name = "card_id", nullable = false)
    public Long cardId;

    @Column(name = "change_kind", nullable = false, length = 16)
    public String changeKind;

    @Column(nullable = false, length = 16)
    public String source;

    @Column(name = "run_id")
    public Long runId;

    @Column(name = "old_balance")
    public Long oldBalance;

    @Column(name = "new_balance")
    public Long newBalance;

    @Column(name = "old_cash_balance")
    public Long oldCashBalance;

    @Column(name = "new_cash_balance")
    public Long newCashBalance;

    @Column(name = "old_bonus_balance")
    public Long oldBonusBalance;

    @Column(name = "new_bonus_balance")
    public Long newBonusBalance;

    @Column(name = "old_points")
    public Long oldPoints;

    @Column(name = "new_points")
    public Long newPoints;

    @Column(name = "old_lock_status", length = 32)
    public String oldLockStatus;

    @Column(name = "new_lock_status", length = 32)
    public String newLockStatus;

    @Column(name = "old_stock_status", length = 32)
    public String oldStockStatus;

    @Column(name = "new_stock_status", length = 32)
    public String newStockStatus;

    @Column(name = "old_present")
    public Boolean oldPresent;

    @Column(name = "new_present", nullable = false)
    public boolean newPresent;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    @Column(name = "event_id")
    public UUID eventId;

    void setOld(CardValues v, Boolean present) {
        if (v != null) {
            oldBalance = v.balance();
            oldCashBalance = v.cashBalance();
            oldBonusBalance = v.bonusBalance();
            oldPoints = v.points();
            oldLockStatus = v.lockStatus();
            oldStockStatus = v.stockStatus();
        }
        oldPresent = present;
    }

    void setNew(CardValues v, boolean present) {
        newBalance = v.balance();
        newCashBalance = v.cashBalance();
        newBonusBalance = v.bonusBalance();
        newPoints = v.points();
        newLockStatus = v.lockStatus();
        newStockStatus = v.stockStatus();
        newPresent = present;
    }
}
