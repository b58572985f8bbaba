package org.erpbridge.cards;

import java.util.Objects;

import org.erpbridge.secuconnect.model.MerchantCard;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The values of a card whose change the ERP is told about: balances in minor units, points and the two statuses.
 * Timestamps such as {@code last_usage} are kept on the snapshot but do not count as a change on their own.
 */
@RegisterForReflection
public record CardValues(Long balance, Long cashBalance, Long bonusBalance, Long points, String lockStatus,
        String stockStatus) {

    public static CardValues of(MerchantCard card) {
        return new CardValues(card.balance(), card.cashBalance(), card.bonusBalance(), card.points(), card.lockStatus(),
                card.stockStatus());
    }

    static CardValues of(CardBalance snapshot) {
        return new CardValues(snapshot.balance, snapshot.cashBalance, snapshot.bonusBalance, snapshot.points,
                snapshot.lockStatus, snapshot.stockStatus);
    }

    boolean differsFrom(CardValues other) {
        return !Objects.equals(this, other);
    }
}
