package org.erpbridge.secuconnect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;

/** The {@link SecuconnectHttp} of each merchant, built once from that merchant's base URL and timeouts. */
@ApplicationScoped
class MerchantTransports {
    private final Map<String, SecuconnectHttp> byMerchant = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;

    MerchantTransports(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Builds every merchant's transport at start-up, outside any request: a client starts its own selector thread
     * and connection pool, which the first payment of a merchant should not have to wait for.
     */
    void buildAll(@Observes StartupEvent start, Merchants merchants) {
        merchants.all().forEach(this::of);
    }

    SecuconnectHttp of(Merchant merchant) {
        return byMerchant.computeIfAbsent(merchant.key(), k -> new SecuconnectHttp(merchant.secuconnect(), mapper));
    }
}
