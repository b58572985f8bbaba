package org.erpbridge.cards;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One sync of a merchant's cards: its state, its progress (committed page by page) and its lease. */
@Entity
@Table(name = "card_sync_run")
public class CardSyncRun extends PanacheEntityBase {
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public static final String SCHEDULE = "schedule";
    public static final String MANUAL = "manual";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 64)
    public String merchant;

    @Column(name = "trigger_kind", nullable = false, length = 16)
    public String triggerKind;

    @Column(nullable = false, length = 16)
    public String state;

    /** The merchant key while running, else null; unique, so one merchant has at most one running run. */
    @Column(name = "running_merchant", length = 64)
    public String runningMerchant;

    @Column(name = "scheduled_for")
    public Instant scheduledFor;

    @Column(name = "next_offset", nullable = false)
    public int nextOffset;

    @Column(nullable = false)
    public int pages;

    @Column(name = "cards_seen", nullable = false)
    public long cardsSeen;

    @Column(name = "cards_changed", nullable = false)
    public long cardsChanged;

    @Column(name = "cards_missing", nullable = false)
    public long cardsMissing;

    @Column(name = "total_reported")
    public Long totalReported;

    @Column(nullable = false)
    public int takeovers;

    @Column(length = 100)
    public String owner;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "heartbeat_at", nullable = false)
    public Instant heartbeatAt;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(length = 500)
    public String error;

    boolean isRunning() {
        return RUNNING.equals(state);
    }
}
