package org.erpbridge.merchant;

import java.net.URI;
import java.time.Duration;
import java.util.Currency;
import java.util.Optional;

/** One merchant's validated settings. Built by {@link Merchants}; secrets are wrapped so they never print. */
public record Merchant(String key, Currency currency, SecuconnectSettings secuconnect, ErpSettings erp,
        CardSyncSettings cardSync) {

    public record SecuconnectSettings(URI baseUrl, Grant grant, String clientId, Secret clientSecret,
            Optional<String> deviceUuid, Optional<Secret> refreshToken, Optional<String> merchantId,
            Duration connectTimeout, Duration readTimeout, boolean sandbox) {
    }

    public record ErpSettings(Secret apiKey, Optional<Secret> signingSecret, Optional<URI> callbackUrl) {
    }

    /** {@code cron} is empty when the sync is off. */
    public record CardSyncSettings(Optional<String> cron, int pageSize) {
    }
}
