package org.erpbridge.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One mismatched or orphaned item of a reconciled day, as last found, and the event that reported it. */
@Entity
@Table(name = "reconciliation_difference")
public class ReconciliationDifference extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String merchant;

    @Column(name = "business_day")
    public LocalDate businessDay;

    @Column(name = "difference_key")
    public String key;

    public String fingerprint;

    @Column(name = "order_id")
    public String orderId;

    @Column(name = "smart_transaction_id")
    public String smartTransactionId;

    public String reconciliation;

    public String kinds;

    public String reason;

    public String currency;

    @Column(name = "erp_total")
    public Long erpTotal;

    @Column(name = "secuconnect_total")
    public Long secuconnectTotal;

    @Column(name = "secuconnect_status")
    public String secuconnectStatus;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "first_seen_at")
    public Instant firstSeenAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;
}
