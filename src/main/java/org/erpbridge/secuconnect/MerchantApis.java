package org.erpbridge.secuconnect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.StartupEvent;

/**
 * The REST proxies of each merchant, built once from that merchant's base URL and timeouts. The default
 * exception mapper is off: {@link ResponseReader} interprets every status itself.
 */
@ApplicationScoped
class MerchantApis {

    /** The four resource proxies of one merchant. */
    record Proxies(
            SmartTransactionsApi smartTransactions,
            MerchantCardsApi merchantCards,
            LoyaltyTransactionsApi loyaltyTransactions,
            OAuthApi oauth) {}

    private final Map<String, Proxies> byMerchant = new ConcurrentHashMap<>();

    /**
     * Builds every merchant's proxies at start-up, outside any request. A client first built while a request is
     * being handled belongs to the HTTP server's Vert.x context and is closed with it when shutdown begins, which
     * would cut off the secuconnect calls of payments still finishing in the background.
     */
    void buildAll(@Observes StartupEvent start, Merchants merchants) {
        merchants.all().forEach(this::of);
    }

    Proxies of(Merchant merchant) {
        return byMerchant.computeIfAbsent(merchant.key(), k -> build(merchant));
    }

    private static Proxies build(Merchant merchant) {
        return new Proxies(
                build(merchant, SmartTransactionsApi.class),
                build(merchant, MerchantCardsApi.class),
                build(merchant, LoyaltyTransactionsApi.class),
                build(merchant, OAuthApi.class));
    }

    private static <T> T build(Merchant merchant, Class<T> api) {
        Merchant.SecuconnectSettings sc = merchant.secuconnect();
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(sc.baseUrl())
                .connectTimeout(sc.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(sc.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .followRedirects(false)
                .build(api);
    }
}
