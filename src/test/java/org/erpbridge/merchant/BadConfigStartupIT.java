package org.erpbridge.merchant;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.erpbridge.testing.PackagedApp;
import org.erpbridge.testing.PostgresServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged application refuses to start on a bad merchant configuration, with one message naming the merchant
 * and the key, and without printing the secret it was given.
 */
class BadConfigStartupIT {
    private static String jdbcUrl;

    @BeforeAll
    static void database() throws Exception {
        jdbcUrl = PostgresServer.createDatabase("bridge_badconfig");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        PostgresServer.dropDatabase(jdbcUrl);
    }

    @Test
    void missingClientIdAndShortApiKeyStopStartUp() throws Exception {
        List<String> output = startAndExpectFailure(
                "missing-client-id",
                List.of(
                        "bridge.merchants.kiosk.secuconnect.client-secret=kiosk-secret-value-never-printed",
                        "bridge.merchants.kiosk.erp.api-key=tooshort"));
        assertThat(String.join("\n", output))
                .contains("Invalid configuration of merchant 'kiosk'")
                .contains("bridge.merchants.kiosk.secuconnect.client-id: missing")
                .contains("bridge.merchants.kiosk.erp.api-key: too short")
                .doesNotContain("kiosk-secret-value-never-printed")
                .doesNotContain("tooshort");
    }

    @Test
    void deviceGrantWithoutDeviceCredentialsStopsStartUp() throws Exception {
        List<String> output = startAndExpectFailure(
                "device-grant",
                List.of(
                        "bridge.merchants.kiosk.secuconnect.grant=device",
                        "bridge.merchants.kiosk.secuconnect.client-id=kiosk-client",
                        "bridge.merchants.kiosk.secuconnect.client-secret=kiosk-secret-value-never-printed",
                        "bridge.merchants.kiosk.erp.api-key=kiosk-erp-api-key-0123456789"));
        assertThat(String.join("\n", output))
                .contains("Invalid configuration of merchant 'kiosk'")
                .contains("bridge.merchants.kiosk.secuconnect.device-uuid")
                .doesNotContain("kiosk-secret-value-never-printed");
    }

    @Test
    void unsignedMerchantAndPlainHttpStopStartUpInProduction() throws Exception {
        List<String> output = startAndExpectFailure(
                "unsigned",
                List.of(
                        "bridge.merchants.kiosk.secuconnect.base-url=http://secuconnect.example",
                        "bridge.merchants.kiosk.secuconnect.client-id=kiosk-client",
                        "bridge.merchants.kiosk.secuconnect.client-secret=kiosk-secret-value-never-printed",
                        "bridge.merchants.kiosk.erp.api-key=kiosk-erp-api-key-0123456789",
                        "bridge.merchants.kiosk.erp.callback-url=http://erp.example/events"));
        assertThat(String.join("\n", output))
                .contains("Invalid configuration of merchant 'kiosk'")
                .contains("bridge.merchants.kiosk.erp.signing-secret: missing; in production")
                .contains("bridge.merchants.kiosk.erp.allow-unsigned=true")
                .contains("bridge.merchants.kiosk.secuconnect.base-url: 'http://secuconnect.example' is plain http")
                .contains("bridge.merchants.kiosk.erp.callback-url: 'http://erp.example/events' is plain http")
                .doesNotContain("kiosk-secret-value-never-printed");
    }

    @Test
    void missingCardDataKeysStopStartUpNamingThem() throws Exception {
        List<String> output = startAndExpectFailure(
                "card-data-keys",
                List.of(
                        "bridge.merchants.kiosk.secuconnect.client-id=kiosk-client",
                        "bridge.merchants.kiosk.secuconnect.client-secret=kiosk-secret-value-never-printed",
                        "bridge.merchants.kiosk.erp.api-key=kiosk-erp-api-key-0123456789",
                        "bridge.merchants.kiosk.erp.signing-secret=kiosk-signing-secret-0123456789",
                        "bridge.card-data.active-key=k9",
                        "bridge.card-data.lookup-key="));
        assertThat(String.join("\n", output))
                .contains("bridge.card-data.active-key: names bridge.card-data.keys.k9, which is not configured")
                .contains("bridge.card-data.lookup-key: missing")
                .doesNotContain("ICAgICAg");
    }

    private static List<String> startAndExpectFailure(String name, List<String> properties) throws Exception {
        Path dir = PackagedApp.workDir("badconfig-" + name);
        try (PackagedApp app = PackagedApp.start(name, dir, jdbcUrl, properties)) {
            boolean exited = app.process().waitFor(90, TimeUnit.SECONDS);
            assertThat(exited)
                    .as("the application stops by itself on a bad configuration")
                    .isTrue();
            assertThat(app.process().exitValue()).isNotZero();
            return app.logLines();
        }
    }
}
