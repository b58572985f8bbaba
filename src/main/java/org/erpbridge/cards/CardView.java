package org.erpbridge.cards;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A card's balances as the ERP sees them: money in minor units of {@code currency}, the card number masked to its
 * last four digits. {@code present} is false once a completed sync no longer found the card at secuconnect.
 */
@RegisterForReflection
@Schema(
        name = "Card",
        description =
                "A loyalty card's balances in minor units of currency; null where secuconnect " + "reported nothing")
public record CardView(
        @Schema(examples = "************1234") String maskedNumber,

        @Schema(nullable = true, examples = "MCD_7A2Q9KX4M1")
        String merchantCardId,

        @Schema(examples = "EUR") String currency,
        @Schema(nullable = true, examples = "352") Long balance,
        @Schema(nullable = true, examples = "300") Long cashBalance,
        @Schema(nullable = true, examples = "52") Long bonusBalance,
        @Schema(nullable = true, examples = "0") Long points,
        @Schema(nullable = true, examples = "unlocked") String lockStatus,
        @Schema(nullable = true, examples = "active") String stockStatus,
        @Schema(nullable = true) Instant lastUsage,
        @Schema(nullable = true) Instant lastCharge,
        @Schema(nullable = true) String expiryDate,

        @Schema(description = "false once a completed sync no longer found the card at secuconnect")
        boolean present,

        @Schema(description = "When the bridge last read the card")
        Instant syncedAt,

        @Schema(description = "When its values or presence last changed")
        Instant changedAt) {

    static CardView of(CardBalance card, String currency) {
        return new CardView(
                card.cardMasked,
                card.merchantCardId,
                currency,
                card.balance,
                card.cashBalance,
                card.bonusBalance,
                card.points,
                card.lockStatus,
                card.stockStatus,
                card.lastUsage,
                card.lastCharge,
                card.expiryDate,
                card.present,
                card.syncedAt,
                card.changedAt);
    }
}
