package org.erpbridge.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One event for a merchant's ERP; the row id is the event id. Written by {@link TransactionalEventOutbox}. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String DEAD = "dead";

    @Id
    public UUID id;

    @Column(nullable = false, length = 64)
    public String merchant;

    @Column(nullable = false, length = 64)
    public String type;

    /** The JSON envelope exactly as sent; every attempt sends (and signs) these bytes. */
    @Column(nullable = false)
    public String payload;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(nullable = false, length = 16)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "last_status")
    public Integer lastStatus;

    @Column(name = "last_error", length = 200)
    public String lastError;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "claimed_by", length = 100)
    public String claimedBy;
}
