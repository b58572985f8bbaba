package org.erpbridge.cards;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code data} of a {@code card.balance-changed} event. {@code previous} is null for a card seen for the first
 * time; {@code source} is {@code sync} (the scheduled or manual sync) or {@code payment} (a checkout's answer).
 */
@RegisterForReflection
@Schema(name = "CardBalanceChange")
public record CardBalanceChanged(
        @Schema(examples = "************1234") String maskedNumber,
        @Schema(nullable = true) String merchantCardId,
        @Schema(examples = "EUR") String currency,

        @Schema(nullable = true, description = "null for a card seen for the first time")
        CardValues previous,

        CardValues current,

        @Schema(description = "sync or payment", examples = "sync")
        String source,

        @Schema(nullable = true, description = "the sync run that found the change")
        Long syncRunId,

        @Schema(nullable = true) Instant lastUsage,
        Instant syncedAt) {}
