package org.erpbridge.secuconnect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.Merchant;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * The REST proxies of each merchant, built once from that merchant's base URL and timeouts. The default
 * exception mapper is off: {@link ResponseReader} interprets every status itself.
 */
@ApplicationScoped
class MerchantApis {

    /** The four resource proxies of one merchant. */
    record Proxies(SmartTransactionsApi smartTransactions, MerchantCardsApi merchantCards,
            LoyaltyTransactionsApi loyaltyTransactions, OAuthApi oauth) {
    }

    private final Map<String, Proxies> byMerchant = new ConcurrentHashMap<>();

    Proxies of(Merchant merchant) {
        return byMerchant.computeIfAbsent(merchant.key(), k -> build(merchant));
    }

    private static Proxies build(Merchant merchant) {
        return new Proxies(build(merchant, SmartTransactionsApi.class), build(merchant, MerchantCardsApi.class),
                build(merchant, LoyaltyTransactionsApi.class), build(merchant, OAuthApi.class));
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
