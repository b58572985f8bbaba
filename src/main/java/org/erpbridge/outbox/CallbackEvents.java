package org.erpbridge.outbox;

import org.erpbridge.cards.CardBalanceChanged;
import org.erpbridge.checkout.CashPaymentDocument;
import org.erpbridge.reconciliation.MismatchEvent;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The callback bodies per event type, for the OpenAPI document's {@code webhooks}: a {@link CallbackEnvelope} whose
 * {@code data} is the type's document. The outbox sends them as {@link CallbackEnvelope}.
 */
public final class CallbackEvents {
    private CallbackEvents() {}

    @Schema(
            name = "CashPaymentEvent",
            allOf = CallbackEnvelope.class,
            requiredProperties = {"type", "data"})
    public record CashPaymentEvent(
            @Schema(
                    enumeration = {
                        EventOutbox.CASH_PAYMENT_COMPLETED,
                        EventOutbox.CASH_PAYMENT_FAILED,
                        EventOutbox.CASH_PAYMENT_CANCELLED,
                        EventOutbox.CASH_PAYMENT_REVIEW
                    })
            String type,

            CashPaymentDocument data) {}

    @Schema(
            name = "CardBalanceChangedEvent",
            allOf = CallbackEnvelope.class,
            requiredProperties = {"type", "data"})
    public record CardBalanceChangedEvent(
            @Schema(enumeration = EventOutbox.CARD_BALANCE_CHANGED)
            String type,

            CardBalanceChanged data) {}

    @Schema(
            name = "ReconciliationMismatchEvent",
            allOf = CallbackEnvelope.class,
            requiredProperties = {"type", "data"})
    public record ReconciliationMismatchEvent(
            @Schema(enumeration = EventOutbox.RECONCILIATION_MISMATCH)
            String type,

            MismatchEvent data) {}
}
