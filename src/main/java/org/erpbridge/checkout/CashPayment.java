package org.erpbridge.checkout;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.erpbridge.carddata.CardVault;
import org.erpbridge.secuconnect.CardNumbers;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One ERP order paid in cash, with everything secuconnect booked for it (accounting record). The checkout writes
 * and reads it with plain JDBC ({@link PaymentStore}: one compare-and-set update per transition); the mapping
 * serves the other features' reports. Every finder takes the merchant.
 */
@Entity
@Table(name = "cash_payment")
class CashPayment extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String merchant;

    @Column(name = "order_id")
    public String orderId;

    @Enumerated(EnumType.STRING)
    public PaymentState state;

    public long version;

    public int attempt;

    @Column(name = "merchant_ref")
    public String merchantRef;

    /** HMAC of the canonical request with the full card number: same order, other content (or card) = 409. */
    @Column(name = "request_hash")
    public String requestHash;

    /** The canonical request with the card masked; null once retention cleared it (long after settlement). */
    @Column(name = "request_json")
    public String requestJson;

    /** The card number encrypted ({@link CardVault#seal}) while the payment may still be booked; null once settled. */
    @Column(name = "card_sealed")
    public String cardSealed;

    public String currency;

    public long total;

    @Column(name = "card_masked")
    public String cardMasked;

    public String register;

    public String cashier;

    @Column(name = "paid_at")
    public Instant paidAt;

    @Column(name = "smart_transaction_id")
    public String smartTransactionId;

    @Column(name = "stx_status")
    public String stxStatus;

    @Column(name = "loyalty_transaction_id")
    public String loyaltyTransactionId;

    @Column(name = "trans_id")
    public String transId;

    @Column(name = "booked_sum")
    public Long bookedSum;

    @Column(name = "booked_currency")
    public String bookedCurrency;

    @Column(name = "merchant_card_id")
    public String merchantCardId;

    @Column(name = "card_balance")
    public Long cardBalance;

    @Column(name = "card_cash_balance")
    public Long cardCashBalance;

    @Column(name = "card_bonus_balance")
    public Long cardBonusBalance;

    @Column(name = "card_points")
    public Long cardPoints;

    public String reconciliation;

    @Column(name = "reconciliation_reason")
    public String reconciliationReason;

    @Column(name = "nothing_booked")
    public boolean nothingBooked;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_name")
    public String errorName;

    @Column(name = "error_details")
    public String errorDetails;

    @Column(name = "error_user")
    public String errorUser;

    @Column(name = "support_id")
    public String supportId;

    @Column(name = "last_problem")
    public String lastProblem;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "attempt_started_at")
    public Instant attemptStartedAt;

    @Column(name = "state_changed_at")
    public Instant stateChangedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "cancel_requested_at")
    public Instant cancelRequestedAt;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    /** Creates of the current attempt whose outcome was unknown and whose lookup found nothing. */
    @Column(name = "create_tries")
    public int createTries;

    /** The receipt lines secuconnect returned, as JSON (card numbers masked); null until booked. */
    @Column(name = "receipt_json")
    public String receiptJson;

    /** A new payment of the merchant's order, attempt 1, as the request describes it (not stored yet). */
    static CashPayment of(String merchant, ValidatedPayment v, CardVault vault) {
        CashPayment p = new CashPayment();
        p.merchant = merchant;
        p.orderId = v.orderId();
        p.attempt = 1;
        p.takeRequest(v, vault);
        return p;
    }

    /**
     * Takes the (possibly corrected) request for the current attempt, with that attempt's merchantRef. The stored
     * request shows the card masked; the full number is kept encrypted beside it until the payment settles.
     */
    void takeRequest(ValidatedPayment v, CardVault vault) {
        String canonical = PaymentCodec.json(v);
        requestHash = vault.requestHash(canonical);
        requestJson = v.hasCard() ? PaymentCodec.json(v.withCard(CardNumbers.mask(v.loyaltyCard()))) : canonical;
        cardSealed = vault.seal(v.loyaltyCard());
        merchantRef = PaymentCodec.merchantRef(merchant, orderId, attempt);
        currency = v.currency();
        total = v.total();
        cardMasked = v.hasCard() ? CardNumbers.mask(v.loyaltyCard()) : null;
        register = v.register();
        cashier = v.cashier();
        paidAt = Instant.parse(v.paidAt());
    }

    /** The request of the current attempt with its full card number, to build the Smart Transaction. */
    ValidatedPayment request(CardVault vault) {
        ValidatedPayment stored = PaymentCodec.read(requestJson);
        // a row written before card numbers were encrypted still holds its number in the JSON until it is converted
        return cardSealed == null ? stored : stored.withCard(vault.open(cardSealed));
    }

    /** Whether {@code v} is the request this payment was stored with (the full card number counts). */
    boolean sameRequest(ValidatedPayment v, CardVault vault) {
        String canonical = PaymentCodec.json(v);
        return requestHash.equals(vault.requestHash(canonical))
                || requestHash.equals(PaymentCodec.legacyHash(canonical)); // stored before the conversion reached it
    }

    /** Forgets everything secuconnect answered for an earlier attempt. */
    void clearOutcome() {
        smartTransactionId = null;
        stxStatus = null;
        loyaltyTransactionId = null;
        transId = null;
        bookedSum = null;
        bookedCurrency = null;
        merchantCardId = null;
        cardBalance = null;
        cardCashBalance = null;
        cardBonusBalance = null;
        cardPoints = null;
        reconciliation = null;
        reconciliationReason = null;
        errorCode = null;
        errorName = null;
        errorDetails = null;
        errorUser = null;
        supportId = null;
        lastProblem = null;
        completedAt = null;
        receiptJson = null;
        nothingBooked = false;
        createTries = 0;
    }

    static CashPayment byOrderId(String merchant, String orderId) {
        return find("merchant = ?1 and orderId = ?2", merchant, orderId).firstResult();
    }

    static CashPayment byId(String merchant, long id) {
        return find("merchant = ?1 and id = ?2", merchant, id).firstResult();
    }
}
