package org.erpbridge.checkout;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A cash payment that passed validation, in canonical form: empty optional strings are null and
 * {@code paidAt} is the UTC instant. Its JSON (fixed property order) is stored with the payment and
 * hashed for the idempotency check, so two requests meaning the same payment have the same hash.
 */
@RegisterForReflection
@JsonPropertyOrder({"orderId", "currency", "total", "loyaltyCard", "lines", "register", "cashier", "paidAt"})
public record ValidatedPayment(
        String orderId,
        String currency,
        long total,
        String loyaltyCard,
        List<Line> lines,
        String register,
        String cashier,
        String paidAt) {

    @RegisterForReflection
    @JsonPropertyOrder({"articleNumber", "ean", "description", "quantity", "unitPrice", "vatRate"})
    public record Line(
            String articleNumber, String ean, String description, long quantity, long unitPrice, int vatRate) {}

    /** The same payment with another card value (the masked number for storage, the decrypted one for sending). */
    public ValidatedPayment withCard(String card) {
        return new ValidatedPayment(orderId, currency, total, card, lines, register, cashier, paidAt);
    }

    public boolean hasCard() {
        return loyaltyCard != null;
    }
}
