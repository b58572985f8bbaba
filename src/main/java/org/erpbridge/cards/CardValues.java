package org.erpbridge.cards;

import java.util.Objects;

import org.erpbridge.secuconnect.model.MerchantCard;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The values of a card whose change the ERP is told about: balances in minor units, points and the two statuses.
 * Timestamps such as {@code last_usage} are kept on the row but do not count as a change on their own.
 */
@RegisterForReflection
@Schema(name = "CardValues")
public record CardValues(
        @Schema(nullable = true) Long balance,
        @Schema(nullable = true) Long cashBalance,
        @Schema(nullable = true) Long bonusBalance,
        @Schema(nullable = true) Long points,
        @Schema(nullable = true) String lockStatus,
        @Schema(nullable = true) String stockStatus) {

    public static CardValues of(MerchantCard card) {
        return new CardValues(
                card.balance(),
                card.cashBalance(),
                card.bonusBalance(),
                card.points(),
                card.lockStatus(),
                card.stockStatus());
    }

    static CardValues of(CardBalance row) {
        return new CardValues(
                row.balance, row.cashBalance, row.bonusBalance, row.points, row.lockStatus, row.stockStatus);
    }

    boolean differsFrom(CardValues other) {
        return !Objects.equals(this, other);
    }
}
