package org.erpbridge.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Runs the application with the dev configuration profile (sandbox on, merchant {@code demo} without
 * credentials) but on the test PostgreSQL database, so the dev-only sandbox resource can be exercised.
 */
public class SandboxProfile implements QuarkusTestProfile {
    private static final int PORT = freePort();

    @Override
    public String getConfigProfile() {
        return "dev";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // Merchants builds the sandbox URL from quarkus.http.port: pin both ports to the same free one
        return Map.of(
                "quarkus.datasource.db-kind",
                "postgresql",
                "quarkus.http.port",
                String.valueOf(PORT),
                "quarkus.http.test-port",
                String.valueOf(PORT),
                "bridge.merchants.demo.card-sync.cron",
                "off");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
