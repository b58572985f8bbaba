package org.erpbridge.checkout;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

/**
 * Stores a payment's receipt lines. The rows are written as one JDBC batch (one round trip for the whole receipt):
 * the table's identity ids keep Hibernate from batching entity inserts, and nothing reads the lines back in the
 * transaction that writes them. Plain JDBC also spares the per-execution translation of an HQL delete.
 */
@ApplicationScoped
class ReceiptLines {
    private static final String INSERT = "insert into cash_payment_receipt_line (merchant, payment_id, line_position, "
            + "line_type, caption, name, line_value, line_text, decoration) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String DELETE = "delete from cash_payment_receipt_line where merchant = ? and payment_id = ?";

    private final EntityManager em;

    ReceiptLines(EntityManager em) {
        this.em = em;
    }

    /** Replaces whatever lines the payment had with {@code lines}, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    void replace(CashPayment p, List<PaymentReceiptLine> lines) {
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                delete.setString(1, p.merchant);
                delete.setLong(2, p.id);
                delete.executeUpdate();
            }
            if (lines.isEmpty()) {
                return;
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (PaymentReceiptLine line : lines) {
                    insert.setString(1, line.merchant);
                    insert.setLong(2, line.paymentId);
                    insert.setInt(3, line.position);
                    insert.setString(4, line.type);
                    setText(insert, 5, line.caption);
                    setText(insert, 6, line.name);
                    setText(insert, 7, line.value);
                    setText(insert, 8, line.text);
                    setText(insert, 9, line.decoration);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    private static void setText(PreparedStatement statement, int index, String value) throws java.sql.SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
