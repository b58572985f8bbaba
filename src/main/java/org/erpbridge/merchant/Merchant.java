package org.erpbridge.merchant;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Optional;
import java.util.Set;

/** One merchant's validated settings. Built by {@link Merchants}; secrets are wrapped so they never print. */
public record Merchant(
        String key,
        Currency currency,
        SecuconnectSettings secuconnect,
        ErpSettings erp,
        CardSyncSettings cardSync,
        ZoneId timeZone,
        ReconciliationSettings reconciliation) {

    /** The merchant's business day in the default zone, with no daily reconciliation (tests, tools). */
    public Merchant(
            String key,
            Currency currency,
            SecuconnectSettings secuconnect,
            ErpSettings erp,
            CardSyncSettings cardSync) {
        this(
                key,
                currency,
                secuconnect,
                erp,
                cardSync,
                ZoneId.of("Europe/Berlin"),
                new ReconciliationSettings(Optional.empty()));
    }

    public record SecuconnectSettings(
            URI baseUrl,
            Grant grant,
            String clientId,
            Secret clientSecret,
            Optional<String> deviceUuid,
            Optional<Secret> refreshToken,
            Optional<String> merchantId,
            Duration connectTimeout,
            Duration readTimeout,
            boolean sandbox,
            CallBound calls) {}

    /**
     * Concurrent secuconnect calls of the merchant on one replica: {@code max} in all, of which background calls
     * (reconciliation, card sync, dashboard) take at most {@code background}, so {@code max - background} are always
     * left for payments.
     */
    public record CallBound(int max, int background) {}

    /** {@code signatureVersions}: the schemes accepted from the ERP and used to sign its callbacks, never empty. */
    public record ErpSettings(
            Secret apiKey,
            Optional<Secret> signingSecret,
            Optional<URI> callbackUrl,
            Set<SignatureScheme> signatureVersions) {}

    /** {@code cron} is empty when the sync is off. */
    public record CardSyncSettings(Optional<String> cron, int pageSize) {}

    /** {@code cron} of the daily reconciliation run; empty when it is off. */
    public record ReconciliationSettings(Optional<String> cron) {}
}
