package org.erpbridge.checkout;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One attempt to book a payment: the merchantRef it sent, the Smart Transaction it got, how it ended. */
@Entity
@Table(name = "cash_payment_attempt")
class PaymentAttempt extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String merchant;

    @Column(name = "payment_id")
    public long paymentId;

    public int attempt;

    @Column(name = "merchant_ref")
    public String merchantRef;

    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "smart_transaction_id")
    public String smartTransactionId;

    @Enumerated(EnumType.STRING)
    public PaymentState outcome;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "support_id")
    public String supportId;

    @Column(name = "last_problem")
    public String lastProblem;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    static List<PaymentAttempt> of(String merchant, long paymentId) {
        return list("merchant = ?1 and paymentId = ?2 order by attempt", merchant, paymentId);
    }

    static PaymentAttempt current(String merchant, long paymentId, int attempt) {
        return find("merchant = ?1 and paymentId = ?2 and attempt = ?3", merchant, paymentId, attempt)
                .firstResult();
    }
}
