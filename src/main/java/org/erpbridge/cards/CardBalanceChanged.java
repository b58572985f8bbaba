package org.erpbridge.cards;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code data} of a {@code card.balance-changed} event. {@code previous} is null for a card seen for the first
 * time; {@code source} is {@code sync} (the scheduled or manual sync) or {@code payment} (a checkout's answer).
 */
@RegisterForReflection
public record CardBalanceChanged(String maskedNumber, String merchantCardId, String currency, CardValues previous,
        CardValues current, String source, Long syncRunId, Instant lastUsage, Instant syncedAt) {
}
