package org.erpbridge.secuconnect;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.Grant;
import org.erpbridge.merchant.Merchant;

/**
 * One {@link TokenBroker} per merchant. Client-credentials tokens live in memory (each replica may hold its
 * own); device-session tokens are shared through the database, because a new one invalidates the old.
 */
@ApplicationScoped
class TokenBrokers {
    private final OAuthTokenClient oauth;
    private final SharedTokenStore shared;
    private final Map<String, TokenBroker> byMerchant = new ConcurrentHashMap<>();
    private final Clock clock;

    TokenBrokers(OAuthTokenClient oauth, SharedTokenStore shared, Clock clock) {
        this.clock = clock;
        this.oauth = oauth;
        this.shared = shared;
    }

    TokenBroker of(Merchant merchant) {
        return byMerchant.computeIfAbsent(merchant.key(), k -> new TokenBroker(sourceFor(merchant), clock));
    }

    /** Drops the merchant's cached token (e.g. after rotating its credentials); the next call fetches a new one. */
    void forget(String merchant) {
        byMerchant.remove(merchant);
    }

    private TokenSource sourceFor(Merchant merchant) {
        if (merchant.secuconnect().grant() == Grant.CLIENT_CREDENTIALS
                || merchant.secuconnect().sandbox()) {
            return rejected -> oauth.request(merchant);
        }
        return shared.sourceFor(merchant);
    }
}
