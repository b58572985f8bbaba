package org.erpbridge.secuconnect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.erpbridge.merchant.Merchant;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.LogCapture;
import org.erpbridge.testing.Management;
import org.erpbridge.testing.SecuconnectStubs;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.erpbridge.secuconnect.ExtraMerchantsProfile.KIOSK;
import static org.erpbridge.secuconnect.ExtraMerchantsProfile.KIOSK_REFRESH_TOKEN;
import static org.erpbridge.secuconnect.ExtraMerchantsProfile.OFFLINE;
import static org.erpbridge.testing.SecuconnectStubs.STX_ID;
import static org.erpbridge.testing.SecuconnectStubs.bearer;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.jsonFixture;
import static org.erpbridge.testing.SecuconnectStubs.stubToken;
import static org.erpbridge.testing.SecuconnectStubs.tokenBody;
import static org.erpbridge.testing.SecuconnectStubs.tokenRequests;
import static org.erpbridge.testing.SecuconnectStubs.wm;
import static org.hamcrest.Matchers.equalTo;

/** Device-session tokens shared through the database, a refused connection, and the readiness check. */
@QuarkusTest
@TestProfile(ExtraMerchantsProfile.class)
class DeviceSessionAndOutageTest extends SecuconnectTestBase {
    private static final String KIOSK_STX = "/kiosk/api/v2/Smart/Transactions/" + STX_ID;

    @Inject
    SharedTokenStore store;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void stubs() {
        SecuconnectStubs.stubTokens();
        Database.truncateAll();
    }

    @Test
    void deviceSessionUsesTheRefreshTokenGrantAndStoresTheToken() {
        stubToken("/kiosk", "kiosk-token-1");
        wm().stubFor(get(urlEqualTo(KIOSK_STX))
                .willReturn(jsonFixture("smart-transaction-start-cash-response-ok.json")));

        assertThat(secuconnect.getSmartTransaction(KIOSK, STX_ID).status()).isEqualTo("ok");

        wm().verify(
                        1,
                        postRequestedFor(urlEqualTo("/kiosk/oauth/token"))
                                .withRequestBody(equalToJson(
                                        "{\"grant_type\":\"refresh_token\",\"client_id\":\"kiosk-client-id\","
                                                + "\"client_secret\":\"kiosk-client-secret-do-not-log\",\"refresh_token\":\""
                                                + KIOSK_REFRESH_TOKEN
                                                + "\"}")));
        wm().verify(1, getRequestedFor(urlEqualTo(KIOSK_STX)).withHeader("Authorization", bearer("kiosk-token-1")));
        assertThat(Database.count("select count(*) from secuconnect_token where merchant_key = 'kiosk'"
                        + " and access_token = 'kiosk-token-1' and renew_at > refreshed_at"))
                .isEqualTo(1);
    }

    @Test
    void replicasShareOneDeviceTokenAndRenewItOnce() throws Exception {
        wm().stubFor(post(urlEqualTo("/kiosk/oauth/token"))
                .inScenario("device")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, tokenBody("device-token-A", 1200)).withFixedDelay(300))
                .willSetStateTo("second"));
        wm().stubFor(post(urlEqualTo("/kiosk/oauth/token"))
                .inScenario("device")
                .whenScenarioStateIs("second")
                .willReturn(json(200, tokenBody("device-token-B", 1200))));
        Merchant kiosk = merchants.get(KIOSK);
        TokenBroker replica1 = new TokenBroker(store.sourceFor(kiosk), Clock.systemUTC());
        TokenBroker replica2 = new TokenBroker(store.sourceFor(kiosk), Clock.systemUTC());

        // both start without a token at the same moment: the row lock lets one renew, the other reads its token
        CompletableFuture<String> first = CompletableFuture.supplyAsync(replica1::token);
        CompletableFuture<String> second = CompletableFuture.supplyAsync(replica2::token);
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("device-token-A");
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("device-token-A");
        assertThat(tokenRequests("/kiosk")).isEqualTo(1);

        // replica 2 is told the token expired: it renews once ...
        replica2.invalidate("device-token-A");
        assertThat(replica2.token()).isEqualTo("device-token-B");
        assertThat(tokenRequests("/kiosk")).isEqualTo(2);
        // ... and replica 1, whose old token is now refused, picks the new one up without renewing again
        replica1.invalidate("device-token-A");
        assertThat(replica1.token()).isEqualTo("device-token-B");
        assertThat(tokenRequests("/kiosk")).isEqualTo(2);
    }

    @Test
    void noRowLockIsHeldWhileTheTokenCallIsUnderway() throws Exception {
        wm().stubFor(post(urlEqualTo("/kiosk/oauth/token"))
                .willReturn(json(200, tokenBody("kiosk-token-slow", 1200)).withFixedDelay(1500)));
        Merchant kiosk = merchants.get(KIOSK);
        TokenBroker replica = new TokenBroker(store.sourceFor(kiosk), Clock.systemUTC());
        CompletableFuture<String> renewing = CompletableFuture.supplyAsync(replica::token);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> tokenRequests("/kiosk") == 1);

        // while secuconnect takes its time, the row can be locked at once (FOR UPDATE NOWAIT fails on a held lock)
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try (ResultSet rs = s.executeQuery(
                    "select renewing_until from secuconnect_token where merchant_key = 'kiosk' for update nowait")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1))
                        .as("the renewal is claimed by a lease instead")
                        .isNotNull();
            }
            c.rollback();
        }
        assertThat(renewing.get(10, TimeUnit.SECONDS)).isEqualTo("kiosk-token-slow");
        assertThat(Database.count("select count(*) from secuconnect_token where merchant_key = 'kiosk'"
                        + " and access_token = 'kiosk-token-slow' and renewing_until is null"))
                .isEqualTo(1);
    }

    @Test
    void aProbeDoesNotQueueBehindASlowTokenCall() throws Exception {
        stubToken("", "acme-token");
        stubToken("/kiosk", "kiosk-token-1");
        wm().stubFor(post(urlEqualTo("/bravo/oauth/token"))
                .willReturn(aResponse().withStatus(500).withFixedDelay(1500)));
        Thread.sleep(1100); // past the test profile's health-cache-ttl of 1 s: the next probe refreshes
        int port = Management.port();
        CompletableFuture<Integer> refreshing = CompletableFuture.supplyAsync(() -> given().port(port)
                .when()
                .get("/q/health/ready")
                .then()
                .extract()
                .statusCode());
        Thread.sleep(500); // the first probe is now waiting for bravo's slow token endpoint
        long start = System.nanoTime();
        Management.request()
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'secuconnect' }.status", equalTo("UP"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("[figure] readiness probe while another probe waits for a slow token call: %d ms%n", millis);
        assertThat(millis).as("answered without waiting for the token call").isLessThan(700);
        assertThat(refreshing.get(10, TimeUnit.SECONDS)).isEqualTo(200);
    }

    @Test
    void refusedConnectionMeansNotSentAndEvenAWriteIsRetried() {
        try (LogCapture log = LogCapture.install()) {
            assertThatThrownBy(() ->
                            secuconnect.createSmartTransaction(OFFLINE, SmartTransactionsClientTest.sandwichOrder()))
                    .isInstanceOfSatisfying(SecuconnectUnreachableException.class, e -> {
                        assertThat(e.requestSent()).isFalse();
                        assertThat(e.outcomeUnknown()).isFalse();
                        assertThat(e.merchant()).isEqualTo(OFFLINE);
                    });
            // certainly not sent, so safe to repeat: 1 + 2 retries in the test profile
            assertThat(log.all())
                    .contains("secuconnect smart-transaction.create merchant=offline id=null" + " outcome=unreachable")
                    .contains("attempts=3");
        }
    }

    @Test
    void readinessStaysUpAndListsEachMerchantsState() {
        wm().stubFor(post(urlEqualTo("/bravo/oauth/token"))
                .willReturn(aResponse().withStatus(500)));
        stubToken("/kiosk", "kiosk-token-1");

        Management.request()
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'secuconnect' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'secuconnect' }.data.acme", equalTo("UP"))
                .body("checks.find { it.name == 'secuconnect' }.data.bravo", equalTo("DOWN"))
                .body("checks.find { it.name == 'secuconnect' }.data.kiosk", equalTo("UP"))
                .body("checks.find { it.name == 'secuconnect' }.data.offline", equalTo("DOWN"));
        int bravoTokenCalls = tokenRequests("/bravo");

        // within the TTL the cached result answers: secuconnect is not asked again
        Management.request().when().get("/q/health/ready").then().statusCode(200);
        assertThat(tokenRequests("/bravo")).isEqualTo(bravoTokenCalls);
        assertThat(bravoTokenCalls).isEqualTo(1);
    }
}
