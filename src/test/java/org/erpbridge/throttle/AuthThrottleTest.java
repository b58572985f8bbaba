package org.erpbridge.throttle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.inject.Inject;

import org.erpbridge.testing.ErpRequests;
import org.erpbridge.testing.PrometheusScrape;
import org.erpbridge.testing.RootLogHandlers;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Guessing ERP keys and dashboard passwords: each failure is logged with the address (never the secret) and counted;
 * after 3 free failures the address gets 429 with Retry-After (1 s, then 2 s: exponential), even with the right key,
 * until the delay has passed; a success clears it. A merchant under attack from many addresses refuses unknown
 * addresses but not its own ERP's.
 */
@QuarkusTest
@TestProfile(AuthThrottleTest.SmallAllowance.class)
class AuthThrottleTest {
    private static final String WRONG_KEY = "acme-erp-api-key-GUESS-00000";
    private static final String ECHO = ErpRequests.path("acme", "/test-echo");

    public static class SmallAllowance implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bridge.auth-throttle.address-free-failures",
                    "3",
                    "bridge.auth-throttle.merchant-free-failures",
                    "4",
                    "bridge.auth-throttle.base-delay",
                    "1s",
                    "bridge.auth-throttle.max-delay",
                    "2s");
        }
    }

    @Inject
    AuthThrottle throttle;

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(ExtLogRecord.wrap(record).getFormattedMessage());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void capture() {
        RootLogHandlers.installFirst(capture);
    }

    @AfterEach
    void release() throws InterruptedException {
        RootLogHandlers.remove(capture);
        // leave the address clear for the next test: wait out any refusal, then authenticate once
        Thread.sleep(2100);
        ErpRequests.as("acme").request().when().get(ECHO).then().statusCode(200);
    }

    @Test
    void guessingErpKeysEndsIn429WithRetryAfterAndIsLoggedWithoutTheKey() throws Exception {
        PrometheusScrape before = PrometheusScrape.now();
        for (int i = 1; i <= 4; i++) {
            ErpRequests.as("acme")
                    .withBearer(WRONG_KEY)
                    .request()
                    .when()
                    .get(ECHO)
                    .then()
                    .statusCode(401);
        }
        // the 4th failure started a refusal of 1 s: even the right key waits
        ValidatableResponse refused = ErpRequests.as("acme")
                .request()
                .when()
                .get(ECHO)
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("status", equalTo(429))
                .body("detail", containsString("Too many failed authentications"));
        assertThat(refused.extract().asString()).doesNotContain(WRONG_KEY);
        Thread.sleep(1100);
        ErpRequests.as("acme")
                .withBearer(WRONG_KEY)
                .request()
                .when()
                .get(ECHO)
                .then()
                .statusCode(401);
        ErpRequests.as("acme").request().when().get(ECHO).then().statusCode(429).header("Retry-After", "2");

        assertThat(warnings)
                .filteredOn(w -> w.startsWith("Failed erp-api authentication"))
                .hasSize(5)
                .allSatisfy(w -> assertThat(w)
                        .contains("address=127.0.0.1")
                        .contains("merchant=acme")
                        .contains("reason=api-key")
                        .doesNotContain(WRONG_KEY)
                        .doesNotContain("acme-erp-api-key"));
        PrometheusScrape after = PrometheusScrape.now();
        assertThat(after.increaseSince(
                        before, "bridge_auth_failures_total{merchant=\"acme\",reason=\"api-key\",surface=\"erp-api\"}"))
                .isEqualTo(5.0);
        assertThat(after.increaseSince(
                        before, "bridge_auth_throttled_total{merchant=\"acme\",scope=\"address\",surface=\"erp-api\"}"))
                .isEqualTo(2.0);

        Thread.sleep(2100);
        ErpRequests.as("acme").request().when().get(ECHO).then().statusCode(200);
        // a success cleared the address's count: one more failure is free again
        ErpRequests.as("acme")
                .withBearer(WRONG_KEY)
                .request()
                .when()
                .get(ECHO)
                .then()
                .statusCode(401);
        ErpRequests.as("acme").request().when().get(ECHO).then().statusCode(200);
    }

    @Test
    void guessingDashboardPasswordsEndsIn429() throws Exception {
        String dashboard = "/dashboard/acme";
        // no credentials offered: the challenge, not a failure
        given().when().get(dashboard).then().statusCode(401);
        for (int i = 1; i <= 4; i++) {
            given().auth()
                    .preemptive()
                    .basic("ops", "guess-" + i)
                    .when()
                    .get(dashboard)
                    .then()
                    .statusCode(401);
        }
        given().auth()
                .preemptive()
                .basic("ops", "ops-password-for-tests")
                .when()
                .get(dashboard)
                .then()
                .statusCode(429)
                .header("Retry-After", "1");
        assertThat(warnings)
                .filteredOn(w -> w.startsWith("Failed dashboard authentication"))
                .hasSize(4)
                .allSatisfy(w -> assertThat(w)
                        .contains("address=127.0.0.1")
                        .contains("reason=operator-password")
                        .doesNotContain("guess-"));
        Thread.sleep(1100);
        given().auth()
                .preemptive()
                .basic("ops", "ops-password-for-tests")
                .when()
                .get(dashboard)
                .then()
                .statusCode(200);
    }

    @Test
    void aMerchantUnderAttackRefusesUnknownAddressesButNotItsOwnErp() {
        throttle.succeeded("10.0.0.7", "acme"); // the ERP's own address, seen authenticating
        for (int i = 1; i <= 5; i++) {
            throttle.failed(AuthThrottle.Surface.ERP_API, "198.51.100." + i, "acme", "api-key");
        }
        assertThat(throttle.refusal(AuthThrottle.Surface.ERP_API, "198.51.100.99", "acme"))
                .as("a new address")
                .hasValueSatisfying(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2)));
        assertThat(throttle.refusal(AuthThrottle.Surface.ERP_API, "10.0.0.7", "acme"))
                .as("the ERP's own")
                .isEmpty();
        assertThat(throttle.refusal(AuthThrottle.Surface.ERP_API, "198.51.100.99", "bravo"))
                .as("another merchant")
                .isEmpty();
        assertThat(throttle.refusal(AuthThrottle.Surface.ERP_API, "198.51.100.99", "no-such-merchant"))
                .isEmpty();
    }
}
