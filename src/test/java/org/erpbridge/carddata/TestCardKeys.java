package org.erpbridge.carddata;

import java.util.HashMap;
import java.util.Map;

import org.erpbridge.testing.BridgeConfigs;

/** The card-data keys of the test profile (application.properties), for tests outside a running application. */
public final class TestCardKeys {
    public static final Map<String, String> PROPERTIES = Map.of(
            "bridge.card-data.keys.old", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "bridge.card-data.keys.cur", "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICA=",
            "bridge.card-data.active-key", "cur",
            "bridge.card-data.lookup-key", "EBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBA=");

    private TestCardKeys() {}

    /** A vault with the test keys, {@code overrides} replacing or adding properties (an empty value removes one). */
    public static CardVault vault(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(PROPERTIES);
        all.putAll(overrides);
        all.values().removeIf(String::isEmpty);
        return new CardVault(BridgeConfigs.withShop1(all));
    }

    public static CardVault vault() {
        return vault(Map.of());
    }
}
