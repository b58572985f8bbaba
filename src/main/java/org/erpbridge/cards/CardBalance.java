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

/** The latest known balances of one card of one merchant (unique per merchant and card lookup hash). */
@Entity
@Table(name = "card_balance")
public class CardBalance extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "card_balance_seq")
    @SequenceGenerator(name = "card_balance_seq", sequenceName = "card_balance_seq", allocationSize = 1000)
    public Long id;

    @Column(nullable = false, length = 64)
    public String merchant;

    /** HMAC-SHA256 of the card number (see {@link org.erpbridge.carddata.CardVault}): how a card is looked up. */
    @Column(name = "card_hash", length = 64)
    public String cardHash;

    /** The number masked to its last four digits, as every answer and event shows it. */
    @Column(name = "card_masked", length = 32)
    public String cardMasked;

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
