package org.erpbridge.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.erpbridge.merchant.BridgeConfig;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The bridge.* mapping read from plain properties through the real SmallRye mapping, for unit tests. */
public final class BridgeConfigs {
    private BridgeConfigs() {}

    /** One valid merchant {@code shop1} (client credentials, ERP key) plus the given properties. */
    public static BridgeConfig withShop1(Map<String, String> extra) {
        Map<String, String> all = new HashMap<>();
        all.put("bridge.merchants.shop1.secuconnect.base-url", "https://connect-testing.secuconnect.com");
        all.put("bridge.merchants.shop1.secuconnect.client-id", "id-1");
        all.put("bridge.merchants.shop1.secuconnect.client-secret", "top-secret-value");
        all.put("bridge.merchants.shop1.erp.api-key", "0123456789abcdef");
        all.putAll(extra);
        return new SmallRyeConfigBuilder()
                .withMapping(BridgeConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(all, "test", 100))
                .build()
                .getConfigMapping(BridgeConfig.class);
    }
}
