package org.erpbridge.dashboard;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Map;

import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.InvalidMerchantConfigException;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;
import org.erpbridge.testing.BridgeConfigs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dashboard operators and the merchant's business-day settings, from configuration to the access decision. */
class DashboardAccessTest {

    private static DashboardAccess access(Map<String, String> properties) {
        BridgeConfig config = BridgeConfigs.withShop1(properties);
        return new DashboardAccess(new Merchants(config, 8080), config);
    }

    private static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void operatorsAndTheErpKeyAreCheckedPerMerchant() {
        DashboardAccess access = access(Map.of(
                "bridge.dashboard.operators.anna.password",
                "anna-password-1234",
                "bridge.dashboard.operators.desk.password",
                "desk-password-1234",
                "bridge.dashboard.operators.desk.merchants",
                "other",
                "bridge.merchants.other.secuconnect.client-id",
                "id-2",
                "bridge.merchants.other.secuconnect.client-secret",
                "secret-2",
                "bridge.merchants.other.erp.api-key",
                "fedcba9876543210"));
        assertThat(access.check("shop1", basic("anna", "anna-password-1234")))
                .isInstanceOfSatisfying(
                        DashboardAccess.Granted.class,
                        g -> assertThat(g.viewer()).isEqualTo("operator anna"));
        assertThat(access.check("shop1", basic("anna", "anna-password-123")))
                .isInstanceOf(DashboardAccess.Unauthenticated.class);
        assertThat(access.check("shop1", basic("desk", "desk-password-1234")))
                .isInstanceOf(DashboardAccess.Forbidden.class);
        assertThat(access.check("other", basic("desk", "desk-password-1234")))
                .isInstanceOf(DashboardAccess.Granted.class);
        assertThat(access.check("gone", basic("anna", "anna-password-1234")))
                .isInstanceOf(DashboardAccess.UnknownMerchant.class);
        assertThat(access.check("shop1", "Bearer 0123456789abcdef")).isInstanceOf(DashboardAccess.Granted.class);
        assertThat(access.check("other", "Bearer 0123456789abcdef"))
                .isInstanceOf(DashboardAccess.Unauthenticated.class);
        assertThat(access.check("gone", "Bearer 0123456789abcdef")).isInstanceOf(DashboardAccess.Unauthenticated.class);
        assertThat(access.check("shop1", "Bearer ")).isInstanceOf(DashboardAccess.Unauthenticated.class);
        assertThat(access.check("shop1", "Digest x")).isInstanceOf(DashboardAccess.Unauthenticated.class);
        assertThat(access.check("shop1", null)).isInstanceOf(DashboardAccess.Unauthenticated.class);
        // a password may contain ':' (only the first one separates the name)
        DashboardAccess colon = access(Map.of("bridge.dashboard.operators.bob.password", "pass:with:colons"));
        assertThat(colon.check("shop1", basic("bob", "pass:with:colons"))).isInstanceOf(DashboardAccess.Granted.class);
    }

    @Test
    void badOperatorSettingsStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> access(Map.of("bridge.dashboard.operators.anna.password", "short")))
                .hasMessageContaining("bridge.dashboard.operators.anna.password: too short");
        assertThatThrownBy(() -> access(Map.of(
                        "bridge.dashboard.operators.anna.password",
                        "anna-password-1234",
                        "bridge.dashboard.operators.anna.merchants",
                        "shop1,nosuch")))
                .hasMessageContaining("bridge.dashboard.operators.anna.merchants: unknown merchant 'nosuch'");
    }

    @Test
    void businessDaysDefaultToBerlinAndTheDailyRunToHalfPastTwo() {
        Merchant shop = new Merchants(BridgeConfigs.withShop1(Map.of()), 8080).get("shop1");
        assertThat(shop.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(shop.reconciliation().cron()).contains("0 30 2 * * ?");

        Merchant tokyo = new Merchants(
                        BridgeConfigs.withShop1(Map.of(
                                "bridge.merchants.shop1.time-zone",
                                "Asia/Tokyo",
                                "bridge.merchants.shop1.reconciliation.cron",
                                "off")),
                        8080)
                .get("shop1");
        assertThat(tokyo.timeZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(tokyo.reconciliation().cron()).isEmpty();

        assertThatThrownBy(() -> new Merchants(
                        BridgeConfigs.withShop1(Map.of("bridge.merchants.shop1.time-zone", "Mars/Olympus")), 8080))
                .isInstanceOf(InvalidMerchantConfigException.class)
                .hasMessageContaining("bridge.merchants.shop1.time-zone: 'Mars/Olympus' is not a time zone id");
    }
}
