package org.erpbridge.merchant;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up validation of the bridge.* tree, read through the real SmallRye mapping. */
class MerchantConfigValidationTest {
    private static final URI SANDBOX = URI.create("http://localhost:8080/sandbox/secuconnect");

    private static Map<String, String> valid() {
        Map<String, String> p = new HashMap<>();
        p.put("bridge.merchants.shop1.secuconnect.base-url", "https://connect-testing.secuconnect.com");
        p.put("bridge.merchants.shop1.secuconnect.client-id", "id-1");
        p.put("bridge.merchants.shop1.secuconnect.client-secret", "top-secret-value");
        p.put("bridge.merchants.shop1.erp.api-key", "0123456789abcdef");
        return p;
    }

    private static Map<String, Merchant> resolve(Map<String, String> props, boolean sandbox) {
        return resolve(props, sandbox, false);
    }

    private static Map<String, Merchant> resolveInProduction(Map<String, String> props) {
        return resolve(props, false, true);
    }

    private static Map<String, Merchant> resolve(Map<String, String> props, boolean sandbox, boolean production) {
        Map<String, String> all = new HashMap<>(props);
        all.put("bridge.sandbox.enabled", String.valueOf(sandbox));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(BridgeConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(all, "test", 100))
                .build();
        return Merchants.resolve(config.getConfigMapping(BridgeConfig.class), SANDBOX, production);
    }

    @Test
    void signatureVersionsDefaultToV2AndAcceptAMigration() {
        assertThat(resolve(valid(), false).get("shop1").erp().signatureVersions())
                .containsExactly(SignatureScheme.V2);
        Map<String, String> p = valid();
        p.put("bridge.merchants.shop1.erp.signature-versions", "v1, v2");
        assertThat(resolve(p, false).get("shop1").erp().signatureVersions())
                .containsExactlyInAnyOrder(SignatureScheme.V1, SignatureScheme.V2);
        p.put("bridge.merchants.shop1.erp.signature-versions", "v3");
        assertThatThrownBy(() -> resolve(p, false))
                .isInstanceOf(InvalidMerchantConfigException.class)
                .hasMessageContaining("bridge.merchants.shop1.erp.signature-versions: unknown scheme 'v3'");
    }

    @Test
    void inProductionAMerchantWithoutSigningSecretMustSaySo() {
        assertThat(resolve(valid(), false)).containsKey("shop1");
        assertThatThrownBy(() -> resolveInProduction(valid()))
                .isInstanceOf(InvalidMerchantConfigException.class)
                .hasMessageContaining("'shop1'")
                .hasMessageContaining("bridge.merchants.shop1.erp.signing-secret: missing; in production")
                .hasMessageContaining("bridge.merchants.shop1.erp.allow-unsigned=true");
        Map<String, String> explicit = valid();
        explicit.put("bridge.merchants.shop1.erp.allow-unsigned", "true");
        assertThat(resolveInProduction(explicit).get("shop1").erp().signingSecret())
                .isEmpty();
        Map<String, String> signed = valid();
        signed.put("bridge.merchants.shop1.erp.signing-secret", "shop1-signing-secret-0123");
        assertThat(resolveInProduction(signed)).containsKey("shop1");
    }

    @Test
    void inProductionPlainHttpIsRefusedUnlessItIsLoopback() {
        Map<String, String> p = valid();
        p.put("bridge.merchants.shop1.erp.signing-secret", "shop1-signing-secret-0123");
        p.put("bridge.merchants.shop1.secuconnect.base-url", "http://connect-testing.secuconnect.com");
        p.put("bridge.merchants.shop1.erp.callback-url", "http://erp.shop1.example/events");
        assertThat(resolve(p, false)).as("dev and tests allow http").containsKey("shop1");
        assertThatThrownBy(() -> resolveInProduction(p))
                .isInstanceOf(InvalidMerchantConfigException.class)
                .hasMessageContaining(
                        "bridge.merchants.shop1.secuconnect.base-url: 'http://connect-testing.secuconnect.com'"
                                + " is plain http, refused in production")
                .hasMessageContaining(
                        "bridge.merchants.shop1.erp.callback-url: 'http://erp.shop1.example/events' is plain http");
        for (String loopback : new String[] {"http://localhost:8089", "http://127.0.0.1:8089", "http://[::1]:8089"}) {
            p.put("bridge.merchants.shop1.secuconnect.base-url", loopback);
            p.put("bridge.merchants.shop1.erp.callback-url", loopback + "/events");
            assertThat(resolveInProduction(p)).as(loopback).containsKey("shop1");
        }
        p.put("bridge.merchants.shop1.secuconnect.base-url", "http://127.example.com");
        assertThatThrownBy(() -> resolveInProduction(p)).hasMessageContaining("is plain http");
    }

    @Test
    void concurrentCallBoundsDefaultAndKeepAPaymentShare() {
        assertThat(resolve(valid(), false).get("shop1").secuconnect().calls()).isEqualTo(new Merchant.CallBound(64, 8));
        Map<String, String> p = valid();
        p.put("bridge.merchants.shop1.secuconnect.max-concurrent-calls", "4");
        p.put("bridge.merchants.shop1.secuconnect.max-concurrent-background-calls", "4");
        assertThatThrownBy(() -> resolve(p, false))
                .isInstanceOf(InvalidMerchantConfigException.class)
                .hasMessageContaining("bridge.merchants.shop1.secuconnect.max-concurrent-background-calls: must be at"
                        + " least 1 and below max-concurrent-calls");
        p.put("bridge.merchants.shop1.secuconnect.max-concurrent-background-calls", "1");
        assertThat(resolve(p, false).get("shop1").secuconnect().calls()).isEqualTo(new Merchant.CallBound(4, 1));
    }

    @Test
    void resolvesAValidMerchantWithDefaults() {
        Merchant m = resolve(valid(), false).get("shop1");
        assertThat(m.currency().getCurrencyCode()).isEqualTo("EUR");
        assertThat(m.secuconnect().grant()).isEqualTo(Grant.CLIENT_CREDENTIALS);
        assertThat(m.secuconnect().baseUrl()).hasHost("connect-testing.secuconnect.com");
        assertThat(m.secuconnect().sandbox()).isFalse();
        assertThat(m.cardSync().cron()).isEmpty();
        assertThat(m.cardSync().pageSize()).isEqualTo(100);
        assertThat(m.toString()).doesNotContain("top-secret-value").doesNotContain("0123456789abcdef");
    }

    @Test
    void missingClientIdNamesMerchantAndKey() {
        Map<String, String> p = valid();
        p.remove("bridge.merchants.shop1.secuconnect.client-id");
        assertThatThrownBy(() -> resolve(p, false))
                .isInstanceOf(InvalidMerchantConfigException.class)
                .hasMessageContaining("'shop1'")
                .hasMessageContaining("bridge.merchants.shop1.secuconnect.client-id");
    }

    @Test
    void missingClientSecretNamesMerchantAndKey() {
        Map<String, String> p = valid();
        p.remove("bridge.merchants.shop1.secuconnect.client-secret");
        assertThatThrownBy(() -> resolve(p, false))
                .hasMessageContaining("bridge.merchants.shop1.secuconnect.client-secret");
    }

    @Test
    void malformedBaseUrlIsRefused() {
        Map<String, String> p = valid();
        p.put("bridge.merchants.shop1.secuconnect.base-url", "connect-testing.secuconnect.com/no-scheme");
        assertThatThrownBy(() -> resolve(p, false))
                .hasMessageContaining("bridge.merchants.shop1.secuconnect.base-url")
                .hasMessageContaining("not an absolute http(s) URL");
    }

    @Test
    void unknownGrantIsRefused() {
        Map<String, String> p = valid();
        p.put("bridge.merchants.shop1.secuconnect.grant", "password");
        assertThatThrownBy(() -> resolve(p, false))
                .hasMessageContaining("bridge.merchants.shop1.secuconnect.grant")
                .hasMessageContaining("unknown grant 'password'");
    }

    @Test
    void deviceGrantWithoutDeviceUuidIsRefused() {
        Map<String, String> p = valid();
        p.put("bridge.merchants.shop1.secuconnect.grant", "device");
        assertThatThrownBy(() -> resolve(p, false))
                .hasMessageContaining("bridge.merchants.shop1.secuconnect.device-uuid");
    }

    @Test
    void deviceGrantWithoutRefreshTokenIsRefused() {
        Map<String, String> p = valid();
        p.put("bridge.merchants.shop1.secuconnect.grant", "device");
        p.put("bridge.merchants.shop1.secuconnect.device-uuid", "/vendor/acme/serial/0001");
        assertThatThrownBy(() -> resolve(p, false))
                .hasMessageContaining("bridge.merchants.shop1.secuconnect.refresh-token")
                .hasMessageNotContaining("device-uuid");
    }

    @Test
    void refreshTokenGrantWithoutRefreshTokenIsRefused() {
        Map<String, String> p = valid();
        p.put("bridge.merchants.shop1.secuconnect.grant", "refresh-token");
        assertThatThrownBy(() -> resolve(p, false))
                .hasMessageContaining("bridge.merchants.shop1.secuconnect.refresh-token");
    }

    @Test
    void shortApiKeyIsRefused() {
        Map<String, String> p = valid();
        p.put("bridge.merchants.shop1.erp.api-key", "short-key");
        assertThatThrownBy(() -> resolve(p, false))
                .hasMessageContaining("bridge.merchants.shop1.erp.api-key")
                .hasMessageContaining("at least 16")
                .hasMessageNotContaining("short-key");
    }

    @Test
    void missingApiKeyIsRefused() {
        Map<String, String> p = valid();
        p.remove("bridge.merchants.shop1.erp.api-key");
        assertThatThrownBy(() -> resolve(p, false)).hasMessageContaining("bridge.merchants.shop1.erp.api-key: missing");
    }

    @Test
    void unknownCurrencyIsRefused() {
        Map<String, String> p = valid();
        p.put("bridge.merchants.shop1.currency", "EURO");
        assertThatThrownBy(() -> resolve(p, false)).hasMessageContaining("bridge.merchants.shop1.currency");
    }

    @Test
    void sandboxTakesOverAMerchantWithoutCredentialsOnlyWhenEnabled() {
        Map<String, String> p = valid();
        p.remove("bridge.merchants.shop1.secuconnect.client-id");
        p.remove("bridge.merchants.shop1.secuconnect.client-secret");
        Merchant m = resolve(p, true).get("shop1");
        assertThat(m.secuconnect().sandbox()).isTrue();
        assertThat(m.secuconnect().baseUrl()).isEqualTo(SANDBOX);
        assertThatThrownBy(() -> resolve(p, false)).isInstanceOf(InvalidMerchantConfigException.class);
    }
}
