package org.erpbridge.cards;

import java.time.Instant;

import org.erpbridge.secuconnect.CardNumbers;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A card's balances as the ERP sees them: money in minor units of {@code currency}, the card number masked to its
 * last four digits. {@code present} is false once a completed sync no longer found the card at secuconnect.
 */
@RegisterForReflection
public record CardView(String maskedNumber, String merchantCardId, String currency, Long balance, Long cashBalance,
        Long bonusBalance, Long points, String lockStatus, String stockStatus, Instant lastUsage, Instant lastCharge,
        String expiryDate, boolean present, Instant syncedAt, Instant changedAt) {

    static CardView of(CardBalance card, String currency) {
        return new CardView(CardNumbers.mask(card.cardNumber), card.merchantCardId, currency, card.balance,
                card.cashBalance, card.bonusBalance, card.points, card.lockStatus, card.stockStatus, card.lastUsage,
                card.lastCharge, card.expiryDate, card.present, card.syncedAt, card.changedAt);
    }
}
