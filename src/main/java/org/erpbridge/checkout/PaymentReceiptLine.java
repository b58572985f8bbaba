package org.erpbridge.checkout;

import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One receipt line as secuconnect returned it, in its position; card numbers are stored masked. */
@Entity
@Table(name = "cash_payment_receipt_line")
public class PaymentReceiptLine extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String merchant;

    @Column(name = "payment_id")
    public long paymentId;

    @Column(name = "line_position")
    public int position;

    @Column(name = "line_type")
    public String type;

    public String caption;

    public String name;

    @Column(name = "line_value")
    public String value;

    @Column(name = "line_text")
    public String text;

    /** Comma-separated decorations, empty when none. */
    public String decoration;

    static List<PaymentReceiptLine> of(String merchant, long paymentId) {
        return list("merchant = ?1 and paymentId = ?2 order by position", merchant, paymentId);
    }
}
