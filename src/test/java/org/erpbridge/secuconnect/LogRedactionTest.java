package org.erpbridge.secuconnect;

import java.util.ArrayList;
import java.util.List;

import org.erpbridge.secuconnect.model.ListQuery;
import org.erpbridge.testing.LogCapture;
import org.erpbridge.testing.SecuconnectStubs;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.ACME_SECRET;
import static org.erpbridge.testing.SecuconnectStubs.ACME_TOKEN;
import static org.erpbridge.testing.SecuconnectStubs.BRAVO;
import static org.erpbridge.testing.SecuconnectStubs.STX_ID;
import static org.erpbridge.testing.SecuconnectStubs.fixture;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.jsonFixture;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/** Tokens, client secrets and full card numbers never reach the log, not even in failures. */
@QuarkusTest
class LogRedactionTest extends SecuconnectTestBase {
    private static final String CARD = "9276004429942845";
    private static final String EXPIRED = "expired-token-9999";

    @Test
    void secretsTokensAndCardNumbersStayOutOfTheLog() {
        wm().stubFor(post(urlEqualTo("/oauth/token"))
                .inScenario("t")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, SecuconnectStubs.tokenBody(EXPIRED, 1200)))
                .willSetStateTo("fresh"));
        wm().stubFor(post(urlEqualTo("/oauth/token"))
                .inScenario("t")
                .whenScenarioStateIs("fresh")
                .willReturn(json(200, SecuconnectStubs.tokenBody(ACME_TOKEN, 1200))));
        wm().stubFor(post(urlEqualTo("/api/v2/Smart/Transactions"))
                .withHeader("Authorization", SecuconnectStubs.bearer(EXPIRED))
                .willReturn(json(403, fixture("api-error-expired-token-403.json"))));
        wm().stubFor(post(urlEqualTo("/api/v2/Smart/Transactions"))
                .withHeader("Authorization", SecuconnectStubs.bearer(ACME_TOKEN))
                .willReturn(jsonFixture("smart-transaction-create-response-created.json")));
        wm().stubFor(post(urlEqualTo("/api/v2/Smart/Transactions/" + STX_ID + "/start/cash"))
                .willReturn(json(
                        400,
                        "{\"status\":\"error\",\"error\":\"ProductInternalException\",\"error_details\":\"card " + CARD
                                + " locked\",\"error_user\":\"Karte " + CARD + " gesperrt\",\"code\":1016}")));
        wm().stubFor(post(urlEqualTo("/api/v2/Loyalty/MerchantCards/me/validateMerchantcard"))
                .willReturn(jsonFixture("loyalty-merchantcard-validate-response.json")));
        wm().stubFor(get(urlPathEqualTo("/api/v2/Loyalty/MerchantCards")).willReturn(json(500, "")));
        wm().stubFor(
                        post(urlEqualTo("/bravo/oauth/token"))
                                .willReturn(
                                        json(
                                                401,
                                                "{\"error\":\"invalid_client\",\"error_description\":\"client bravo-client-secret-do-not-log unknown\"}")));

        List<Throwable> failures = new ArrayList<>();
        try (LogCapture log = LogCapture.install()) {
            secuconnect.createSmartTransaction(ACME, SmartTransactionsClientTest.sandwichOrder());
            secuconnect.validateMerchantCard(ACME, CARD);
            failures.add(catchThrowable(() -> secuconnect.startSmartTransaction(ACME, STX_ID, "cash")));
            failures.add(
                    catchThrowable(() -> secuconnect.listMerchantCards(ACME, ListQuery.of("card.cardnumber:" + CARD))));
            failures.add(catchThrowable(() -> secuconnect.getSmartTransaction(BRAVO, STX_ID)));
            secuconnect.tokenObtainable(BRAVO);

            String text = log.all();
            assertThat(text)
                    .contains("secuconnect smart-transaction.create merchant=acme id=" + STX_ID + " outcome=ok")
                    .contains("outcome=rejected")
                    .contains("outcome=server-error")
                    .contains("outcome=auth-failed")
                    .contains("************2845");
            assertThat(text)
                    .doesNotContain(ACME_TOKEN)
                    .doesNotContain(EXPIRED)
                    .doesNotContain(ACME_SECRET)
                    .doesNotContain("bravo-client-secret-do-not-log")
                    .doesNotContain(CARD);
        }
        assertThat(failures)
                .hasSize(3)
                .allSatisfy(f -> assertThat(f)
                        .isInstanceOf(SecuconnectException.class)
                        .hasMessageNotContaining(CARD)
                        .hasMessageNotContaining("bravo-client-secret-do-not-log"));
        assertThat(failures.get(0)).isInstanceOfSatisfying(SecuconnectRejectedException.class, e -> {
            assertThat(e.errorDetails()).doesNotContain(CARD);
            assertThat(e.errorUser()).doesNotContain(CARD);
        });
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
