package org.erpbridge.secuconnect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Adds two merchants to acme and bravo: {@code kiosk} with a device session (grant device, refresh token,
 * WireMock under /kiosk) and {@code offline}, whose secuconnect port refuses connections.
 */
public class ExtraMerchantsProfile implements QuarkusTestProfile {
    static final String KIOSK = "kiosk";
    static final String OFFLINE = "offline";
    static final String KIOSK_REFRESH_TOKEN = "kiosk-refresh-token-do-not-log";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                // only the readiness test of this profile probes; a long TTL keeps its cache assertion stable
                Map.entry("bridge.secuconnect.health-cache-ttl", "30s"),
                Map.entry("bridge.merchants.kiosk.secuconnect.base-url", "${test.wiremock-url}/kiosk"),
                Map.entry("bridge.merchants.kiosk.secuconnect.grant", "device"),
                Map.entry("bridge.merchants.kiosk.secuconnect.client-id", "kiosk-client-id"),
                Map.entry("bridge.merchants.kiosk.secuconnect.client-secret", "kiosk-client-secret-do-not-log"),
                Map.entry("bridge.merchants.kiosk.secuconnect.device-uuid", "/vendor/erpbridge/serial/0001"),
                Map.entry("bridge.merchants.kiosk.secuconnect.refresh-token", KIOSK_REFRESH_TOKEN),
                Map.entry("bridge.merchants.kiosk.secuconnect.read-timeout", "2s"),
                Map.entry("bridge.merchants.kiosk.erp.api-key", "kiosk-erp-api-key-0123456789"),
                Map.entry("bridge.merchants.offline.secuconnect.base-url", "http://127.0.0.1:" + closedPort()),
                Map.entry("bridge.merchants.offline.secuconnect.client-id", "offline-client-id"),
                Map.entry("bridge.merchants.offline.secuconnect.client-secret", "offline-client-secret-do-not-log"),
                Map.entry("bridge.merchants.offline.secuconnect.connect-timeout", "1s"),
                Map.entry("bridge.merchants.offline.erp.api-key", "offline-erp-api-key-0123456789"));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
