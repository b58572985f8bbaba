package org.erpbridge.cards;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The latest known balances of one card of one merchant (unique per merchant and card number). */
@Entity
@Table(name = "card_balance")
public class CardBalance extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "card_balance_seq")
    @SequenceGenerator(name = "card_balance_seq", sequenceName = "card_balance_seq", allocationSize = 1000)
    public Long id;

    @Column(nullable = false, length = 64)
    public String merchant;

    /** The full number: needed to answer lookups by number; mask it before it goes anywhere else. */
    @Column(name = "card_number", nullable = false, length = 32)
    public String cardNumber;

    @Column(name = "merchant_card_id", length = 64)
    public String merchantCardId;

    public Long balance;

    @Column(name = "cash_balance")
    public Long cashBalance;

    @Column(name = "bonus_balance")
    public Long bonusBalance;

    public Long points;

    @Column(name = "lock_status", length = 32)
    public String lockStatus;

    @Column(name = "stock_status", length = 32)
    public String stockStatus;

    @Column(name = "last_usage")
    public Instant lastUsage;

    @Column(name = "last_charge")
    public Instant lastCharge;

    @Column(name = "expiry_date", length = 40)
    public String expiryDate;

    @Column(nullable = false)
    public boolean present;

    @Column(name = "synced_at", nullable = false)
    public Instant syncedAt;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    @Column(name = "seen_in_run")
    public Long seenInRun;

    void setValues(CardValues values) {
        balance = values.balance();
        cashBalance = values.cashBalance();
        bonusBalance = values.bonusBalance();
        points = values.points();
        lockStatus = values.lockStatus();
        stockStatus = values.stockStatus();
    }
}
