package org.erpbridge.checkout;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.erpbridge.carddata.CardVault;
import org.erpbridge.carddata.PlainCardRows;
import org.erpbridge.common.Jdbc;
import org.erpbridge.secuconnect.CardNumbers;

/**
 * Payments stored before card numbers were encrypted ({@code plain_card}): their request JSON holds the full number
 * and their request hash is an unkeyed SHA-256 of it. Each becomes what a payment stored today looks like: the JSON
 * with the card masked, the keyed request hash (on its attempts too), the number encrypted while the payment is
 * unsettled. Only rows no worker holds a lease on are taken, and the version moves on, so a worker that read the
 * row before can write nothing over it.
 */
@ApplicationScoped
class PlainPaymentRequests implements PlainCardRows {
    private static final String SETTLED = "('COMPLETED', 'FAILED', 'REVIEW', 'CANCELLED')";

    private final DataSource dataSource;
    private final CardVault vault;
    private final Clock clock;

    PlainPaymentRequests(DataSource dataSource, CardVault vault, Clock clock) {
        this.dataSource = dataSource;
        this.vault = vault;
        this.clock = clock;
    }

    @Override
    public String what() {
        return "cash payments";
    }

    private record Plain(long id, String merchant, boolean settled, String requestJson, String requestHash) {}

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public int convert(int limit) {
        return Jdbc.on(dataSource, "conversion of plain card numbers in cash payments", c -> {
            List<Plain> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select id, merchant, state in " + SETTLED + " settled, "
                    + "request_json, request_hash from cash_payment where plain_card = true and lease_until < ? "
                    + "limit ? for update skip locked")) {
                Jdbc.instant(ps, 1, clock.instant());
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Plain(
                                rs.getLong("id"),
                                rs.getString("merchant"),
                                rs.getBoolean("settled"),
                                rs.getString("request_json"),
                                rs.getString("request_hash")));
                    }
                }
            }
            try (PreparedStatement payment = c.prepareStatement("update cash_payment set request_json = ?, "
                            + "request_hash = ?, card_sealed = ?, plain_card = false, version = version + 1 "
                            + "where id = ? and merchant = ?");
                    PreparedStatement attempts = c.prepareStatement("update cash_payment_attempt set request_hash = ? "
                            + "where payment_id = ? and merchant = ? and request_hash = ?")) {
                for (Plain row : rows) {
                    ValidatedPayment stored = readable(row.requestJson());
                    String card = stored == null
                                    || !stored.hasCard()
                                    || stored.loyaltyCard().startsWith("*")
                            ? null
                            : stored.loyaltyCard();
                    String hash = row.requestHash();
                    // unreadable JSON (not written by this code) still loses every digit run that could be a card
                    String json = stored == null ? CardNumbers.maskAll(row.requestJson()) : row.requestJson();
                    if (stored != null && hash.equals(PaymentCodec.legacyHash(PaymentCodec.json(stored)))) {
                        hash = vault.requestHash(PaymentCodec.json(stored));
                    }
                    if (card != null) {
                        json = PaymentCodec.json(stored.withCard(CardNumbers.mask(card)));
                    }
                    Jdbc.text(payment, 1, json);
                    payment.setString(2, hash);
                    Jdbc.text(payment, 3, card == null || row.settled() ? null : vault.seal(card));
                    payment.setLong(4, row.id());
                    payment.setString(5, row.merchant());
                    payment.addBatch();
                    attempts.setString(1, hash);
                    attempts.setLong(2, row.id());
                    attempts.setString(3, row.merchant());
                    attempts.setString(4, row.requestHash());
                    attempts.addBatch();
                }
                payment.executeBatch();
                attempts.executeBatch();
            }
            return rows.size();
        });
    }

    private static ValidatedPayment readable(String json) {
        try {
            return json == null ? null : PaymentCodec.read(json);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
