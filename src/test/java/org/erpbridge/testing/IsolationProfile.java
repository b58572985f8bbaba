package org.erpbridge.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Scaled down so one slow merchant could take a whole replica: 8 checkout workers, acme's secuconnect allowed 12 s
 * per answer but only 4 calls at once, and bravo with a callback endpoint of its own (/erp/bravo/events) beside
 * acme's. Callback requests time out after 2 s.
 */
public class IsolationProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("bridge.checkout.workers", "8"),
                Map.entry("bridge.merchants.acme.secuconnect.read-timeout", "12s"),
                Map.entry("bridge.merchants.acme.secuconnect.max-concurrent-calls", "4"),
                Map.entry("bridge.merchants.acme.secuconnect.max-concurrent-background-calls", "2"),
                Map.entry("bridge.merchants.bravo.erp.callback-url", "${test.wiremock-url}/erp/bravo/events"),
                Map.entry("bridge.outbox.request-timeout", "2s"));
    }
}
