package org.erpbridge.secuconnect;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.erpbridge.testing.SecuconnectStubs;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.ACME_SECRET;
import static org.erpbridge.testing.SecuconnectStubs.STX_ID;
import static org.erpbridge.testing.SecuconnectStubs.bearer;
import static org.erpbridge.testing.SecuconnectStubs.fixture;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.jsonFixture;
import static org.erpbridge.testing.SecuconnectStubs.tokenBody;
import static org.erpbridge.testing.SecuconnectStubs.tokenRequests;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/** Token caching, single-flight and the one refresh + one replay after 401 or 403/2003. */
@QuarkusTest
class TokenHandlingTest extends SecuconnectTestBase {
    private static final String STX = "/api/v2/Smart/Transactions/" + STX_ID;
    private static final String OLD = "old-token-1111";
    private static final String NEW = "new-token-2222";

    @Test
    void tokenRequestIsTheDocumentedClientCredentialsJson() {
        SecuconnectStubs.stubToken("", OLD);
        wm().stubFor(get(urlEqualTo(STX)).willReturn(jsonFixture("smart-transaction-start-cash-response-ok.json")));

        secuconnect.getSmartTransaction(ACME, STX_ID);

        wm().verify(
                        1,
                        postRequestedFor(urlEqualTo("/oauth/token"))
                                .withHeader("Content-Type", equalTo("application/json"))
                                .withHeader("Accept", equalTo("application/json"))
                                .withRequestBody(equalToJson(
                                        "{\"grant_type\":\"client_credentials\",\"client_id\":\"acme-client-id\","
                                                + "\"client_secret\":\"" + ACME_SECRET + "\"}")));
    }

    @Test
    void tokenIsCachedAcrossCalls() {
        SecuconnectStubs.stubToken("", OLD);
        wm().stubFor(get(urlEqualTo(STX)).willReturn(jsonFixture("smart-transaction-start-cash-response-ok.json")));

        for (int i = 0; i < 5; i++) {
            secuconnect.getSmartTransaction(ACME, STX_ID);
        }

        assertThat(tokenRequests("")).isEqualTo(1);
        wm().verify(5, getRequestedFor(urlEqualTo(STX)).withHeader("Authorization", bearer(OLD)));
    }

    @Test
    void tokenIsRenewedBeforeItExpires() throws InterruptedException {
        // expires_in 2 s: the safety margin (at most half the lifetime) makes it stale after 1 s, before expiry
        wm().stubFor(post(urlEqualTo("/oauth/token")).willReturn(json(200, tokenBody(OLD, 2))));
        wm().stubFor(get(urlEqualTo(STX)).willReturn(jsonFixture("smart-transaction-start-cash-response-ok.json")));

        secuconnect.getSmartTransaction(ACME, STX_ID);
        secuconnect.getSmartTransaction(ACME, STX_ID);
        assertThat(tokenRequests("")).isEqualTo(1);
        Thread.sleep(1100);
        secuconnect.getSmartTransaction(ACME, STX_ID);

        assertThat(tokenRequests("")).isEqualTo(2);
    }

    @Test
    void twentyConcurrentCallersCauseOneTokenRequest() throws Exception {
        wm().stubFor(post(urlEqualTo("/oauth/token"))
                .willReturn(json(200, tokenBody(OLD, 1200)).withFixedDelay(300)));
        wm().stubFor(get(urlEqualTo(STX)).willReturn(jsonFixture("smart-transaction-start-cash-response-ok.json")));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return secuconnect.getSmartTransaction(ACME, STX_ID).status();
                }));
            }
            go.countDown();
            for (Future<String> r : results) {
                assertThat(r.get(20, TimeUnit.SECONDS)).isEqualTo("ok");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(tokenRequests("")).isEqualTo(1);
        wm().verify(20, getRequestedFor(urlEqualTo(STX)).withHeader("Authorization", bearer(OLD)));
    }

    @Test
    void expiredTokenAnswer403With2003IsRefreshedAndReplayedOnce() {
        stubTokenSequence();
        wm().stubFor(post(urlEqualTo(STX + "/start/cash"))
                .withHeader("Authorization", bearer(OLD))
                .willReturn(json(403, fixture("api-error-expired-token-403.json"))));
        wm().stubFor(post(urlEqualTo(STX + "/start/cash"))
                .withHeader("Authorization", bearer(NEW))
                .willReturn(jsonFixture("smart-transaction-start-cash-response-ok.json")));

        assertThat(secuconnect.startSmartTransaction(ACME, STX_ID, "cash").status())
                .isEqualTo("ok");

        assertThat(tokenRequests("")).isEqualTo(2);
        wm().verify(1, postRequestedFor(urlEqualTo(STX + "/start/cash")).withHeader("Authorization", bearer(OLD)));
        wm().verify(1, postRequestedFor(urlEqualTo(STX + "/start/cash")).withHeader("Authorization", bearer(NEW)));
    }

    @Test
    void http401IsRefreshedAndReplayedOnce() {
        stubTokenSequence();
        wm().stubFor(post(urlEqualTo("/api/v2/Smart/Transactions"))
                .withHeader("Authorization", bearer(OLD))
                .willReturn(json(401, "")));
        wm().stubFor(post(urlEqualTo("/api/v2/Smart/Transactions"))
                .withHeader("Authorization", bearer(NEW))
                .willReturn(jsonFixture("smart-transaction-create-response-created.json")));

        assertThat(secuconnect
                        .createSmartTransaction(ACME, SmartTransactionsClientTest.sandwichOrder())
                        .id())
                .isEqualTo(STX_ID);

        assertThat(tokenRequests("")).isEqualTo(2);
        wm().verify(2, postRequestedFor(urlEqualTo("/api/v2/Smart/Transactions")));
    }

    @Test
    void stillRefusedAfterOneRefreshIsAnAuthenticationFailureWithoutFurtherReplays() {
        stubTokenSequence();
        wm().stubFor(get(urlEqualTo(STX)).willReturn(json(403, fixture("api-error-expired-token-403.json"))));

        assertThatThrownBy(() -> secuconnect.getSmartTransaction(ACME, STX_ID))
                .isInstanceOfSatisfying(SecuconnectAuthenticationException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.error()).isEqualTo("ProductNotAllowedException");
                    assertThat(e.outcomeUnknown()).isFalse();
                });

        assertThat(tokenRequests("")).isEqualTo(2);
        wm().verify(2, getRequestedFor(urlEqualTo(STX)));
    }

    @Test
    void forbiddenWithAnotherCodeIsARejectionNotARefresh() {
        SecuconnectStubs.stubToken("", OLD);
        wm().stubFor(
                        get(urlEqualTo(STX))
                                .willReturn(
                                        json(
                                                403,
                                                "{\"status\":\"error\",\"error\":\"ProductNotAllowedException\",\"code\":\"2001\",\"supportId\":\"s1\"}")));

        assertThatThrownBy(() -> secuconnect.getSmartTransaction(ACME, STX_ID))
                .isInstanceOfSatisfying(
                        SecuconnectRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("2001"));

        assertThat(tokenRequests("")).isEqualTo(1);
        wm().verify(1, getRequestedFor(urlEqualTo(STX)));
    }

    @Test
    void refusedCredentialsAreAnAuthenticationFailureNamingTheOAuthError() {
        wm().stubFor(post(urlEqualTo("/oauth/token"))
                .willReturn(json(400, fixture("oauth-error-invalid-client.json"))));

        assertThatThrownBy(() -> secuconnect.getSmartTransaction(ACME, STX_ID))
                .isInstanceOfSatisfying(SecuconnectAuthenticationException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo("invalid_client");
                    assertThat(e.operation()).isEqualTo("token");
                    assertThat(e.getMessage()).contains("invalid_client").doesNotContain(ACME_SECRET);
                });
        // credentials refused: not retried
        assertThat(tokenRequests("")).isEqualTo(1);
        wm().verify(0, getRequestedFor(urlEqualTo(STX)));
        assertThat(secuconnect.tokenObtainable(ACME)).isFalse();
    }

    @Test
    void tokenEndpointOutageIsRetriedEvenForAWrite() {
        wm().stubFor(post(urlEqualTo("/oauth/token"))
                .inScenario("token")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(503, ""))
                .willSetStateTo("up"));
        wm().stubFor(post(urlEqualTo("/oauth/token"))
                .inScenario("token")
                .whenScenarioStateIs("up")
                .willReturn(json(200, tokenBody(NEW, 1200))));
        wm().stubFor(post(urlEqualTo(STX + "/cancel"))
                .willReturn(jsonFixture("smart-transaction-start-cash-response-ok.json")));

        secuconnect.cancelSmartTransaction(ACME, STX_ID);

        assertThat(tokenRequests("")).isEqualTo(2);
        wm().verify(1, postRequestedFor(urlEqualTo(STX + "/cancel")).withHeader("Authorization", bearer(NEW)));
    }

    @Test
    void tokenObtainableReusesTheCachedToken() {
        SecuconnectStubs.stubToken("", OLD);

        assertThat(secuconnect.tokenObtainable(ACME)).isTrue();
        assertThat(secuconnect.tokenObtainable(ACME)).isTrue();
        assertThat(secuconnect.tokenObtainable("no-such-merchant")).isFalse();

        assertThat(tokenRequests("")).isEqualTo(1);
    }

    private static void stubTokenSequence() {
        wm().stubFor(post(urlEqualTo("/oauth/token"))
                .inScenario("tokens")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, tokenBody(OLD, 1200)))
                .willSetStateTo("second"));
        wm().stubFor(post(urlEqualTo("/oauth/token"))
                .inScenario("tokens")
                .whenScenarioStateIs("second")
                .willReturn(json(200, tokenBody(NEW, 1200))));
    }
}
