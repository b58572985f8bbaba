package org.erpbridge.reconciliation;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The latest reconciliation of one merchant's business day. */
@Entity
@Table(name = "reconciliation_run")
public class ReconciliationRun extends PanacheEntityBase {
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String SCHEDULE = "schedule";
    public static final String MANUAL = "manual";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String merchant;

    @Column(name = "business_day")
    public LocalDate businessDay;

    @Column(name = "time_zone")
    public String timeZone;

    public String state;

    @Column(name = "trigger_kind")
    public String triggerKind;

    public int runs;

    public String currency;

    @Column(name = "erp_total")
    public long erpTotal;

    @Column(name = "secuconnect_total")
    public long secuconnectTotal;

    public long difference;

    public int matched;

    public int mismatched;

    public int pending;

    public int failed;

    public int cancelled;

    public int orphaned;

    @Column(name = "status_disagreement")
    public int statusDisagreement;

    public String error;

    @Column(name = "first_run_at")
    public Instant firstRunAt;

    @Column(name = "last_run_at")
    public Instant lastRunAt;

    @Column(name = "completed_at")
    public Instant completedAt;
}
